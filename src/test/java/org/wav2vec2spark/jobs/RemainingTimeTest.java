package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RemainingTimeTest {

    private final RemainingTime remaining = new RemainingTime();

    @Test
    void leavesTheStartUpOutOfThePace() {
        // 20 s of start-up before the first item, then 1 item a second: 58 items take 58 s, not the
        // 20 s per item that the whole elapsed time would say.
        assertThat(remaining.secondsLeft(1, 60, 20)).isNaN();
        assertThat(remaining.secondsLeft(2, 60, 21)).isEqualTo(58);
        assertThat(remaining.secondsLeft(30, 60, 49)).isEqualTo(30);
    }

    @Test
    void saysNothingUntilMoreItemsAreDone() {
        remaining.secondsLeft(10, 60, 30);

        // The same count later, or a late observation from before: no pace to divide by.
        assertThat(remaining.secondsLeft(10, 60, 40)).isNaN();
        assertThat(remaining.secondsLeft(12, 60, 30)).isNaN();
    }

    @Test
    void aFinishedRunHasNothingLeft() {
        assertThat(remaining.secondsLeft(60, 60, 32)).isZero();
        assertThat(remaining.secondsLeft(61, 60, 33)).isZero();
    }
}
