package org.wav2vec2spark.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EditCountsTest {

    @ParameterizedTest
    @CsvSource({
        // H, S, D, I, reference length = H+S+D, hypothesis length = H+S+I, errors = S+D+I
        "0, 0, 0, 0,  0, 0, 0",
        "5, 0, 0, 0,  5, 5, 0",
        "2, 1, 1, 0,  4, 3, 2",
        "1, 0, 0, 3,  1, 4, 3",
        "0, 2, 3, 4,  5, 6, 9",
    })
    void derivesLengthsAndErrors(
            long h,
            long s,
            long d,
            long i,
            long referenceLength,
            long hypothesisLength,
            long errors) {
        EditCounts counts = new EditCounts(h, s, d, i);

        assertThat(counts.referenceLength()).isEqualTo(referenceLength);
        assertThat(counts.hypothesisLength()).isEqualTo(hypothesisLength);
        assertThat(counts.errors()).isEqualTo(errors);
    }

    @Test
    void addsElementWise() {
        assertThat(new EditCounts(1, 2, 3, 4).plus(new EditCounts(10, 20, 30, 40)))
                .isEqualTo(new EditCounts(11, 22, 33, 44));
        assertThat(EditCounts.ZERO.plus(new EditCounts(1, 2, 3, 4)))
                .isEqualTo(new EditCounts(1, 2, 3, 4));
    }

    @Test
    void rejectsNegativeCounts() {
        assertThatThrownBy(() -> new EditCounts(1, 0, -2, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("deletions must be >= 0 but was -2");
    }
}
