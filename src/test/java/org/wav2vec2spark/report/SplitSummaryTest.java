package org.wav2vec2spark.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.wav2vec2spark.metrics.EditCounts;

import java.util.Map;

class SplitSummaryTest {

    @Test
    void ratesAreTotalErrorsOverTotalReferenceTokens() {
        SplitSummary split =
                new SplitSummary(
                        "clean", 3, 1, 10, new EditCounts(8, 1, 1, 2), new EditCounts(40, 2, 0, 3));

        assertThat(split.scored()).isEqualTo(2);
        assertThat(split.wer()).isEqualTo(4.0 / 10);
        assertThat(split.cer()).isEqualTo(5.0 / 42);
    }

    @Test
    void aSplitOfEmptyReferencesIsScoredByItsInsertionsAsJiwer4Does() {
        // A silence test set: jiwer 4's corpus wer over empty references is the insertion count,
        // and the confidence interval and speaker table use the same rule.
        SplitSummary silence =
                new SplitSummary(
                        "silence",
                        4,
                        0,
                        10,
                        new EditCounts(0, 0, 0, 3),
                        new EditCounts(0, 0, 0, 11));

        assertThat(silence.wer()).isEqualTo(3.0);
        assertThat(silence.cer()).isEqualTo(11.0);
    }

    @Test
    void splitsWithOtherCountsAreTheChangedOnesAndThoseOnlyOneSummaryHas() {
        EditCounts words = new EditCounts(8, 1, 1, 2);
        EditCounts chars = new EditCounts(40, 2, 0, 3);
        SplitSummary clean = new SplitSummary("clean", 3, 0, 10, words, chars);
        Map<String, SplitSummary> recorded =
                Map.of(
                        "clean", clean,
                        "other", new SplitSummary("other", 3, 0, 10, words, chars),
                        "dev", new SplitSummary("dev", 3, 0, 10, words, chars));
        Map<String, SplitSummary> now =
                Map.of(
                        // audio seconds are no count: a re-decoded file may differ by rounding
                        "clean", new SplitSummary("clean", 3, 0, 11, words, chars),
                        "other", new SplitSummary("other", 3, 1, 10, words, chars),
                        "test", clean);

        assertThat(SplitSummary.withOtherCounts(recorded, now))
                .containsExactly("dev", "other", "test");
    }

    @Test
    void aSplitWithNoScoredUtteranceHasNoRate() {
        SplitSummary allFailed =
                new SplitSummary("clean", 2, 2, 0, EditCounts.ZERO, EditCounts.ZERO);

        assertThat(allFailed.wer()).isNaN();
        assertThat(allFailed.cer()).isNaN();
    }
}
