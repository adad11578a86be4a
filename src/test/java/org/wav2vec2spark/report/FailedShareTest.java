package org.wav2vec2spark.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The failed-share rule at its boundary, where a rounded product once decided it. */
class FailedShareTest {

    @Test
    void exactlyTheAllowedShareIsNotAbove() {
        // 0.29 * 100 and 0.57 * 100 fall just below 29 and 57 in doubles.
        assertThat(FailedShare.above(29, 100, 0.29)).isFalse();
        assertThat(FailedShare.above(57, 100, 0.57)).isFalse();
        assertThat(FailedShare.above(30, 100, 0.29)).isTrue();
        assertThat(FailedShare.above(1, 1, 0.999)).isTrue();
    }

    @Test
    void aRunOfNoItemsHasNoneFailed() {
        assertThat(FailedShare.above(0, 0, 0)).isFalse();
    }
}
