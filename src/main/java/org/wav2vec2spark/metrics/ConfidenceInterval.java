package org.wav2vec2spark.metrics;

/**
 * A point estimate with a two-sided confidence interval.
 *
 * @param estimate the value on the full data
 * @param lower lower bound of the interval
 * @param upper upper bound of the interval
 * @param level coverage, e.g. 0.95
 */
public record ConfidenceInterval(double estimate, double lower, double upper, double level) {

    /** Whether the whole interval lies above {@code threshold}. */
    public boolean entirelyAbove(double threshold) {
        return lower > threshold;
    }

    /** Whether the interval contains {@code value}. */
    public boolean contains(double value) {
        return lower <= value && value <= upper;
    }
}
