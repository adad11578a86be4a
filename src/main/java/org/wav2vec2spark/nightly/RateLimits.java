package org.wav2vec2spark.nightly;

import org.wav2vec2spark.metrics.EditCounts;

import java.math.BigDecimal;

/**
 * The nightly rules' comparisons of error rates with limits, done exactly. A preset writes its
 * limits as decimals ({@code expect.dev.wer=0.009}, {@code regression.tolerance=0.001}), and a rate
 * at such a limit must not count as above it; in doubles it does: 0.009 + 0.001 is
 * 0.009999999999999998, below 10 / 1000, and 111 / 10000 - 101 / 10000 is 0.0010000000000000009. So
 * the limits are taken as the decimals {@link BigDecimal#valueOf(double)} reads back, and rates are
 * compared as fractions, by {@code ErrorRates}' rule: errors over reference words, or the
 * insertions (then all the errors) over 1 when there are no reference words.
 */
final class RateLimits {

    private RateLimits() {}

    /** Whether {@code rate(counts) > limit}, where the limit is the sum of the given decimals. */
    static boolean rateAbove(EditCounts counts, double... limitTerms) {
        BigDecimal errors = BigDecimal.valueOf(counts.errors());
        return errors.compareTo(sum(limitTerms).multiply(words(counts))) > 0;
    }

    /** Whether {@code rate(after) - rate(before) > limit}: the rise of a rate from two sums. */
    static boolean riseAbove(EditCounts before, EditCounts after, double limit) {
        // a/b - c/d > t  <=>  a*d - c*b > t*b*d, for positive b and d.
        BigDecimal rise =
                BigDecimal.valueOf(after.errors())
                        .multiply(words(before))
                        .subtract(BigDecimal.valueOf(before.errors()).multiply(words(after)));
        return rise.compareTo(sum(limit).multiply(words(after)).multiply(words(before))) > 0;
    }

    private static BigDecimal words(EditCounts counts) {
        return BigDecimal.valueOf(Math.max(1, counts.referenceLength()));
    }

    private static BigDecimal sum(double... terms) {
        BigDecimal sum = BigDecimal.ZERO;
        for (double term : terms) {
            sum = sum.add(BigDecimal.valueOf(term));
        }
        return sum;
    }
}
