package org.wav2vec2spark.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

class AlignmentHtmlTest {

    /**
     * Columns written as class:ref/hyp/mark. The alignments are the hand-derived ones of
     * EditAlignerTest.
     */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                // A=A, B->X, C=C, D deleted
                "A B C D|A X C|eq:A/A/ sub:B/X/S eq:C/C/ del:D/***/D",
                // X inserted before and Y after an exact match
                "A B|X A B Y|ins:***/X/I eq:A/A/ eq:B/B/ ins:***/Y/I",
                "A B|''|del:A/***/D del:B/***/D",
            })
    void marksEachColumnByClassElementAndLetter(
            String reference, String hypothesis, String columns) {
        Document html = Xml.parse(AlignmentHtml.render(reference, hypothesis));

        assertThat(describe(html)).isEqualTo(columns);
    }

    @Test
    void aLongUtteranceIsAlignedUnlessItsMiddleIsTooLargeToAlign() {
        // 8 001 words a side: 64 million cells without common ends, over the 50 million limit.
        String words = String.join(" ", Collections.nCopies(8_000, "W"));
        String differentEnds = AlignmentHtml.render("X " + words, "Y " + words + " Z");
        String oneWordApart = AlignmentHtml.render(words + " X", words + " Y");

        assertThat(differentEnds)
                .startsWith(
                        "<div class=\"alignment too-long\"><p>Too long to align (8001 reference"
                                + " and 8002 hypothesis words).</p>");
        assertThat(oneWordApart).doesNotContain("too-long");
        assertThat(describe(Xml.parse(oneWordApart))).endsWith("eq:W/W/ sub:X/Y/S");
    }

    @Test
    void errorsAreMarkedWithDelAndInsNotOnlyColour() {
        Document html = Xml.parse(AlignmentHtml.render("A B C D", "A X C E F"));

        // B->X and D->E substituted, F inserted: 2 + 1 <ins>, 2 <del>
        assertThat(Xml.select(html, "//del"))
                .extracting(Element::getTextContent)
                .containsExactly("B", "D");
        assertThat(Xml.select(html, "//ins"))
                .extracting(Element::getTextContent)
                .containsExactly("X", "E", "F");
        assertThat(Xml.select(html, "//span[@title='substitution']")).hasSize(2);
        assertThat(Xml.select(html, "//span[@title='insertion']")).hasSize(1);
    }

    @ParameterizedTest(name = "{0} / {1}: right to left {2}")
    @CsvSource({
        // The first letter with a direction decides, the reference's before the hypothesis's.
        "שלום עולם, HELLO, true", // Hebrew
        "مرحبا, مرحبا, true", // Arabic
        "'12 שלום', '', true", // digits have no direction of their own
        "HELLO שלום, '', false",
        "'', שלום, true", // an empty reference: the hypothesis decides
        "'12 34', '', false",
    })
    void columnsRunInTheReadingDirectionOfTheText(String ref, String hyp, boolean rtl) {
        Document html = Xml.parse(AlignmentHtml.render(ref, hyp));

        assertThat(Xml.select(html, "/div[@class='alignment'][@dir='rtl']")).hasSize(rtl ? 1 : 0);
    }

    @Test
    void wordsAreEscaped() {
        String markup = AlignmentHtml.render("<B> & \"C\"", "<I> & \"C\"");
        Document html = Xml.parse(markup);

        assertThat(Xml.select(html, "//B | //I")).isEmpty();
        assertThat(Xml.select(html, "//del"))
                .extracting(Element::getTextContent)
                .containsExactly("<B>");
        assertThat(Xml.select(html, "//ins"))
                .extracting(Element::getTextContent)
                .containsExactly("<I>");
        assertThat(markup).contains("&lt;B&gt;").doesNotContain("<B>");
    }

    @Test
    void nullTextIsEmpty() {
        Document html = Xml.parse(AlignmentHtml.render("A", null));

        assertThat(describe(html)).isEqualTo("del:A/***/D");
    }

    private static String describe(Document html) {
        List<Element> columns =
                Xml.select(html, "//span[contains(@class,'col') and not(contains(@class,'head'))]");
        return columns.stream()
                .map(
                        c ->
                                c.getAttribute("class").replace("col ", "")
                                        + ":"
                                        + part(c, "r")
                                        + "/"
                                        + part(c, "h")
                                        + "/"
                                        + part(c, "op").replace("\u00a0", ""))
                .collect(Collectors.joining(" "));
    }

    private static String part(Element column, String cls) {
        for (int i = 0; i < column.getChildNodes().getLength(); i++) {
            if (column.getChildNodes().item(i) instanceof Element e
                    && e.getAttribute("class").equals(cls)) {
                return e.getTextContent();
            }
        }
        throw new AssertionError("No ." + cls + " in column");
    }
}
