package org.wav2vec2spark.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

class BootstrapTest {

    @Test
    void identicalRunsHaveAZeroWidthDifference() {
        List<EditCounts> run = randomRun(new Random(1), 200, 0.1);

        ConfidenceInterval interval = Bootstrap.pairedDifference(run, run, 500, 7, 0.95);

        assertThat(interval.estimate()).isZero();
        assertThat(interval.lower()).isZero();
        assertThat(interval.upper()).isZero();
    }

    @Test
    void uniformShiftOnEveryUtteranceIsSignificant() {
        // Every utterance has 10 words; the candidate makes exactly one more error on each, so
        // every replicate's difference is exactly 1/10.
        List<EditCounts> baseline = new ArrayList<>();
        List<EditCounts> candidate = new ArrayList<>();
        Random random = new Random(2);
        for (int i = 0; i < 100; i++) {
            int errors = random.nextInt(5);
            baseline.add(new EditCounts(10 - errors, errors, 0, 0));
            candidate.add(new EditCounts(9 - errors, errors + 1, 0, 0));
        }

        ConfidenceInterval interval = Bootstrap.pairedDifference(baseline, candidate, 300, 3, 0.95);

        assertThat(interval.estimate()).isCloseTo(0.1, within(1e-12));
        assertThat(interval.lower()).isCloseTo(0.1, within(1e-12));
        assertThat(interval.upper()).isCloseTo(0.1, within(1e-12));
        assertThat(interval.entirelyAbove(0.05)).isTrue();
    }

    @Test
    void singleDifferentUtteranceAmongManyIsNotSignificant() {
        List<EditCounts> baseline = randomRun(new Random(4), 300, 0.1);
        List<EditCounts> candidate = new ArrayList<>(baseline);
        EditCounts first = baseline.get(0);
        candidate.set(0, new EditCounts(0, first.referenceLength(), 0, 0));

        ConfidenceInterval interval =
                Bootstrap.pairedDifference(baseline, candidate, 1000, 5, 0.95);

        assertThat(interval.estimate()).isPositive();
        assertThat(interval.contains(0)).isTrue();
    }

    @Test
    void singleRunIntervalCoversTheCorpusRateAndShrinksWithMoreData() {
        List<EditCounts> small = randomRun(new Random(6), 50, 0.2);
        List<EditCounts> large = randomRun(new Random(6), 2000, 0.2);

        ConfidenceInterval smallInterval = Bootstrap.errorRate(small, 1000, 9, 0.95);
        ConfidenceInterval largeInterval = Bootstrap.errorRate(large, 1000, 9, 0.95);

        EditCounts total = small.stream().reduce(EditCounts.ZERO, EditCounts::plus);
        assertThat(smallInterval.estimate()).isEqualTo(ErrorRates.wer(total));
        assertThat(smallInterval.contains(smallInterval.estimate())).isTrue();
        assertThat(largeInterval.upper() - largeInterval.lower())
                .isLessThan(smallInterval.upper() - smallInterval.lower());
    }

    @Test
    void emptyReferencesTakeTheCorpusRateRuleInEveryReplicate() {
        // As ErrorRates (jiwer 4.0): with no reference words the rate is the insertion count.
        // "silence" has no reference word and 2 insertions, "speech" 5 words and no error. A
        // replicate draws {silence, silence} (4 errors, 0 words: rate 4), {silence, speech}
        // (2 / 5) or {speech, speech} (0), each pair of extremes with probability 1/4, so of 1000
        // replicates about 250 are 0 and 250 are 4: the 2.5% and 97.5% quantiles are 0 and 4.
        EditCounts silence = new EditCounts(0, 0, 0, 2);
        EditCounts speech = new EditCounts(5, 0, 0, 0);

        ConfidenceInterval onlySilence = Bootstrap.errorRate(List.of(silence), 100, 1, 0.95);
        ConfidenceInterval mixed = Bootstrap.errorRate(List.of(silence, speech), 1000, 1, 0.95);
        ConfidenceInterval silenceRemoved =
                Bootstrap.pairedDifference(
                        List.of(silence, speech), List.of(EditCounts.ZERO, speech), 1000, 1, 0.95);

        assertThat(onlySilence.estimate()).isEqualTo(ErrorRates.wer(silence)).isEqualTo(2);
        assertThat(onlySilence.lower()).isEqualTo(2);
        assertThat(onlySilence.upper()).isEqualTo(2);
        assertThat(mixed.estimate()).isEqualTo(ErrorRates.wer(silence.plus(speech)));
        assertThat(mixed.lower()).isZero();
        assertThat(mixed.upper()).isEqualTo(4);
        assertThat(silenceRemoved.estimate()).isCloseTo(-0.4, within(1e-12));
        assertThat(silenceRemoved.lower()).isEqualTo(-4);
        assertThat(silenceRemoved.upper()).isZero();
    }

    @Test
    void sameSeedSameInterval() {
        List<EditCounts> a = randomRun(new Random(8), 100, 0.1);
        List<EditCounts> b = randomRun(new Random(9), 100, 0.15);

        assertThat(Bootstrap.pairedDifference(a, b, 200, 42, 0.9))
                .isEqualTo(Bootstrap.pairedDifference(a, b, 200, 42, 0.9));
    }

    @Test
    void rejectsUnpairedRunsAndBadSettings() {
        List<EditCounts> a = randomRun(new Random(1), 3, 0.1);
        List<EditCounts> b = randomRun(new Random(1), 4, 0.1);

        assertThatThrownBy(() -> Bootstrap.pairedDifference(a, b, 10, 1, 0.95))
                .hasMessage("Paired bootstrap needs the same utterances in both runs, got 3 and 4");
        assertThatThrownBy(() -> Bootstrap.errorRate(a, 0, 1, 0.95))
                .hasMessage("Bootstrap replicates must be >= 1, got 0");
        assertThatThrownBy(() -> Bootstrap.errorRate(a, 10, 1, 1.0))
                .hasMessage("Confidence level must be in (0, 1), got 1.0");
    }

    private static List<EditCounts> randomRun(Random random, int utterances, double errorRate) {
        List<EditCounts> run = new ArrayList<>();
        for (int i = 0; i < utterances; i++) {
            int words = 5 + random.nextInt(20);
            int errors = 0;
            for (int w = 0; w < words; w++) {
                errors += random.nextDouble() < errorRate ? 1 : 0;
            }
            run.add(new EditCounts(words - errors, errors, 0, 0));
        }
        return run;
    }
}
