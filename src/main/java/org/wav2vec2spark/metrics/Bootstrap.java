package org.wav2vec2spark.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap over utterances for corpus error rates (Bisani and Ney, "Bootstrap estimates
 * for confidence intervals in ASR performance evaluation", ICASSP 2004).
 *
 * <p>Each replicate draws utterances with replacement and recomputes the corpus rate from summed
 * counts, as the corpus rate itself is computed. The paired form draws the same utterances from two
 * runs over the same data, so the interval is for the difference of their rates. Results are
 * deterministic for a given seed.
 */
public final class Bootstrap {

    private Bootstrap() {}

    /**
     * Interval for the corpus error rate of one run.
     *
     * @param utterances per-utterance counts
     * @param replicates number of resamples, e.g. 1000
     * @param seed random seed
     * @param level coverage in (0, 1), e.g. 0.95
     */
    public static ConfidenceInterval errorRate(
            List<EditCounts> utterances, int replicates, long seed, double level) {
        return pairedDifference(
                utterances.stream().map(u -> EditCounts.ZERO).toList(),
                utterances,
                replicates,
                seed,
                level,
                false);
    }

    /**
     * Interval for {@code rate(candidate) - rate(baseline)} over the same utterances; a positive
     * difference means the candidate makes more errors.
     *
     * @param baseline per-utterance counts of the earlier run
     * @param candidate per-utterance counts of the later run, in the same utterance order
     * @param replicates number of resamples, e.g. 1000
     * @param seed random seed
     * @param level coverage in (0, 1), e.g. 0.95
     * @throws IllegalArgumentException when the runs do not have the same number of utterances
     */
    public static ConfidenceInterval pairedDifference(
            List<EditCounts> baseline,
            List<EditCounts> candidate,
            int replicates,
            long seed,
            double level) {
        return pairedDifference(baseline, candidate, replicates, seed, level, true);
    }

    private static ConfidenceInterval pairedDifference(
            List<EditCounts> baseline,
            List<EditCounts> candidate,
            int replicates,
            long seed,
            double level,
            boolean baselineHasReference) {
        if (baseline.size() != candidate.size()) {
            throw new IllegalArgumentException(
                    "Paired bootstrap needs the same utterances in both runs, got "
                            + baseline.size()
                            + " and "
                            + candidate.size());
        }
        if (replicates < 1) {
            throw new IllegalArgumentException(
                    "Bootstrap replicates must be >= 1, got " + replicates);
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("Confidence level must be in (0, 1), got " + level);
        }
        int n = candidate.size();
        long[] baseErrors = new long[n];
        long[] baseWords = new long[n];
        long[] candErrors = new long[n];
        long[] candWords = new long[n];
        for (int i = 0; i < n; i++) {
            baseErrors[i] = baseline.get(i).errors();
            baseWords[i] = baseline.get(i).referenceLength();
            candErrors[i] = candidate.get(i).errors();
            candWords[i] = candidate.get(i).referenceLength();
        }
        double estimate =
                difference(
                        baseErrors, baseWords, candErrors, candWords, null, baselineHasReference);
        if (n == 0) {
            return new ConfidenceInterval(estimate, estimate, estimate, level);
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] replicateValues = new double[replicates];
        int[] draw = new int[n];
        for (int r = 0; r < replicates; r++) {
            for (int i = 0; i < n; i++) {
                draw[i] = random.nextInt(n);
            }
            replicateValues[r] =
                    difference(
                            baseErrors,
                            baseWords,
                            candErrors,
                            candWords,
                            draw,
                            baselineHasReference);
        }
        Arrays.sort(replicateValues);
        double tail = (1 - level) / 2;
        return new ConfidenceInterval(
                estimate,
                quantile(replicateValues, tail),
                quantile(replicateValues, 1 - tail),
                level);
    }

    private static double difference(
            long[] baseErrors,
            long[] baseWords,
            long[] candErrors,
            long[] candWords,
            int[] draw,
            boolean baselineHasReference) {
        long be = 0;
        long bw = 0;
        long ce = 0;
        long cw = 0;
        int n = draw == null ? candErrors.length : draw.length;
        for (int k = 0; k < n; k++) {
            int i = draw == null ? k : draw[k];
            be += baseErrors[i];
            bw += baseWords[i];
            ce += candErrors[i];
            cw += candWords[i];
        }
        double candidateRate = rate(ce, cw);
        return baselineHasReference ? candidateRate - rate(be, bw) : candidateRate;
    }

    /**
     * The rule of {@link ErrorRates}: with no reference words the rate is the insertion count,
     * which is then all the errors. Infinity here made a replicate of only empty references give
     * NaN interval bounds.
     */
    private static double rate(long errors, long words) {
        return words == 0 ? errors : (double) errors / words;
    }

    /** Linear interpolation between order statistics, numpy's default percentile method. */
    private static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
