package org.wav2vec2spark.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HtmlTextTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "plain WORDS|plain WORDS",
                "<script>|&lt;script&gt;",
                "A & B|A &amp; B",
                "say \"hi\"|say &quot;hi&quot;",
                "IT'S|IT&#39;S",
                "&amp;|&amp;amp;",
            })
    void escapesMarkupCharacters(String text, String escaped) {
        assertThat(HtmlText.escape(text)).isEqualTo(escaped);
    }

    @ParameterizedTest
    @CsvSource({"0.02804, 2.80", "1.0, 100.00", "0, 0.00", "2.5197, 251.97", "NaN, n/a"})
    void printsFractionsAsPercentages(double fraction, String printed) {
        assertThat(HtmlText.percent(fraction)).isEqualTo(printed);
    }

    @org.junit.jupiter.api.Test
    void nullIsEmptyAndControlCharactersAreReplaced() {
        assertThat(HtmlText.escape(null)).isEmpty();
        assertThat(HtmlText.escape("A\u0000B\tC")).isEqualTo("A\uFFFDB\tC");
        assertThat(HtmlText.percent(Double.POSITIVE_INFINITY)).isEqualTo(HtmlText.UNDEFINED);
    }
}
