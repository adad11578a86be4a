package org.wav2vec2spark.nightly;

import java.util.Map;

/**
 * When the nightly check calls a split regressed. All rates and tolerances are fractions (0.028 is
 * 2.8% WER); the preset keys that set them are documented in {@code jobs.NightlyPreset}.
 *
 * @param expectedWer fixed expectation per split: regressed when the WER exceeds it by more than
 *     {@code expectTolerance}
 * @param expectTolerance absolute WER allowance over an expectation
 * @param regressionTolerance against the previous run, regressed only when the WER rose by more
 *     than this and the bootstrap interval of the rise lies entirely above zero
 * @param replicates paired bootstrap resamples
 * @param level paired bootstrap interval coverage, e.g. 0.95
 * @param seed paired bootstrap seed (fixed, so a rerun reproduces the verdict)
 * @param maxFailedFraction regressed when more than this fraction of a split's utterances failed
 */
public record RegressionPolicy(
        Map<String, Double> expectedWer,
        double expectTolerance,
        double regressionTolerance,
        int replicates,
        double level,
        long seed,
        double maxFailedFraction) {

    /** Copies the expectations. */
    public RegressionPolicy {
        expectedWer = Map.copyOf(expectedWer);
    }
}
