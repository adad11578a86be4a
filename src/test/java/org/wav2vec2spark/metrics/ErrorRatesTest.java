package org.wav2vec2spark.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorRatesTest {

    @ParameterizedTest
    @CsvSource({
        // H, S, D, I, rate = (S+D+I)/(H+S+D)
        "4, 0, 0, 0, 0.0",
        "2, 1, 1, 0, 0.5",
        "1, 0, 0, 3, 3.0",
        "0, 0, 4, 0, 1.0",
        "6, 1, 3, 3, 0.7",
        // no reference tokens: jiwer >= 4.0 returns the insertions
        "0, 0, 0, 0, 0.0",
        "0, 0, 0, 5, 5.0",
    })
    void computesRatesFromCounts(long h, long s, long d, long i, double rate) {
        EditCounts counts = new EditCounts(h, s, d, i);

        assertThat(ErrorRates.wer(counts)).isEqualTo(rate);
        assertThat(ErrorRates.cer(counts)).isEqualTo(rate);
    }
}
