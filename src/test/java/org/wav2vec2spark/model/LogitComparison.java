package org.wav2vec2spark.model;

import static org.assertj.core.api.Assertions.assertThat;

/** Comparisons of logit matrices ({@code [frames][vocabulary]}) shared by the parity tests. */
public final class LogitComparison {

    private LogitComparison() {}

    /** The largest absolute difference between two vectors of the same length. */
    public static double maxAbsDifference(float[] expected, float[] actual) {
        assertThat(actual).hasSameSizeAs(expected);
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            max = Math.max(max, Math.abs((double) expected[i] - actual[i]));
        }
        return max;
    }

    /** The largest absolute difference between two logit matrices of the same shape. */
    public static double maxAbsDifference(float[][] expected, float[][] actual) {
        assertThat(actual.length).isEqualTo(expected.length);
        double max = 0;
        for (int f = 0; f < expected.length; f++) {
            max = Math.max(max, maxAbsDifference(expected[f], actual[f]));
        }
        return max;
    }

    /**
     * Frames of {@code expected} whose top-two margin exceeds {@code margin} and whose argmax
     * {@code actual} does not keep: the disagreements that are not near-ties.
     */
    public static int argmaxChanges(float[][] expected, float[][] actual, double margin) {
        int changes = 0;
        for (int f = 0; f < expected.length; f++) {
            if (topTwoMargin(expected[f]) > margin && argmax(expected[f]) != argmax(actual[f])) {
                changes++;
            }
        }
        return changes;
    }

    /** Frames whose top-two margin exceeds {@code margin}. */
    public static int framesAbove(float[][] logits, double margin) {
        int frames = 0;
        for (float[] row : logits) {
            frames += topTwoMargin(row) > margin ? 1 : 0;
        }
        return frames;
    }

    /** The gap between the largest and the second largest value. */
    public static double topTwoMargin(float[] row) {
        float best = Float.NEGATIVE_INFINITY;
        float second = Float.NEGATIVE_INFINITY;
        for (float value : row) {
            if (value > best) {
                second = best;
                best = value;
            } else if (value > second) {
                second = value;
            }
        }
        return best - second;
    }

    /** The index of the largest value, the first one on ties. */
    public static int argmax(float[] row) {
        int best = 0;
        for (int v = 1; v < row.length; v++) {
            if (row[v] > row[best]) {
                best = v;
            }
        }
        return best;
    }

    /** A row-major flat array as {@code [length / width][width]}. */
    public static float[][] rows(float[] flat, int width) {
        assertThat(flat.length % width).as("values not a multiple of %d", width).isZero();
        float[][] rows = new float[flat.length / width][width];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(flat, r * width, rows[r], 0, width);
        }
        return rows;
    }
}
