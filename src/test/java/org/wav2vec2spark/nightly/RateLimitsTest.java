package org.wav2vec2spark.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.wav2vec2spark.metrics.EditCounts;

class RateLimitsTest {

    @ParameterizedTest(name = "{0} errors in {1} words above {2} + {3}: {4}")
    @CsvSource({
        "10, 1000, 0.009, 0.001, false", // exactly at the limit, which doubles put below it
        "11, 1000, 0.009, 0.001, true",
        "29, 100, 0.29, 0, false",
        "1, 3, 0.333, 0, true",
        "1, 3, 0.334, 0, false",
        "2, 0, 0, 0, true", // no reference words: the insertions are the rate
        "0, 0, 0, 0, false",
    })
    void comparesARateWithADecimalLimitExactly(
            long errors, long words, double expected, double tolerance, boolean above) {
        EditCounts counts =
                words == 0
                        ? new EditCounts(0, 0, 0, errors)
                        : new EditCounts(words - errors, errors, 0, 0);

        assertThat(RateLimits.rateAbove(counts, expected, tolerance)).isEqualTo(above);
    }

    @ParameterizedTest(name = "{0}/{1} then {2}/{3}, rise above {4}: {5}")
    @CsvSource({
        "101, 10000, 111, 10000, 0.001, false", // exactly the tolerance
        "101, 10000, 112, 10000, 0.001, true",
        "1, 3, 2, 3, 0.3333, true", // a third is just above 0.3333
        "1, 3, 2, 3, 0.3334, false",
        "5, 100, 6, 50, 0.07, false", // 0.12 - 0.05, other word counts
        "5, 100, 6, 50, 0.0699, true",
        "3, 10, 2, 10, 0, false", // a fall
    })
    void comparesTheRiseOfARateWithADecimalLimitExactly(
            long beforeErrors,
            long beforeWords,
            long afterErrors,
            long afterWords,
            double limit,
            boolean above) {
        EditCounts before = new EditCounts(beforeWords - beforeErrors, beforeErrors, 0, 0);
        EditCounts after = new EditCounts(afterWords - afterErrors, afterErrors, 0, 0);

        assertThat(RateLimits.riseAbove(before, after, limit)).isEqualTo(above);
    }
}
