package org.wav2vec2spark.audio;

/**
 * Restores FLAC samples from residuals in place: {@code x[i] = residual[i] + prediction(x[<i])}.
 */
final class LinearPrediction {
    private LinearPrediction() {}

    /**
     * Fixed polynomial predictors of order 0..4. Int arithmetic is exact here: it wraps modulo 2^32
     * and the true result fits an int, so any intermediate overflow cancels.
     */
    static void restoreFixed(int[] x, int from, int to, int order) {
        switch (order) {
            case 1 -> {
                for (int i = from; i < to; i++) {
                    x[i] += x[i - 1];
                }
            }
            case 2 -> {
                for (int i = from; i < to; i++) {
                    x[i] += 2 * x[i - 1] - x[i - 2];
                }
            }
            case 3 -> {
                for (int i = from; i < to; i++) {
                    x[i] += 3 * (x[i - 1] - x[i - 2]) + x[i - 3];
                }
            }
            case 4 -> {
                for (int i = from; i < to; i++) {
                    x[i] += 4 * (x[i - 1] + x[i - 3]) - 6 * x[i - 2] - x[i - 4];
                }
            }
            default -> {}
        }
    }

    /**
     * LPC of order 1..32. The prediction is shifted right, so wrapping is not harmless: an int sum
     * is used only when bits + precision + log2(order) guarantees it cannot overflow, as in
     * libFLAC; otherwise a long sum.
     */
    static void restoreLpc(
            int[] x,
            int from,
            int to,
            int[] coefficients,
            int order,
            int shift,
            int bits,
            int precision) {
        int orderBits = 32 - Integer.numberOfLeadingZeros(order);
        if (bits + precision + orderBits <= 32) {
            restoreInt(x, from, to, coefficients, order, shift);
        } else {
            restoreLong(x, from, to, coefficients, order, shift);
        }
    }

    private static void restoreInt(int[] x, int from, int to, int[] c, int order, int shift) {
        switch (order) {
            case 8 -> {
                int c0 = c[0], c1 = c[1], c2 = c[2], c3 = c[3], c4 = c[4], c5 = c[5], c6 = c[6];
                int c7 = c[7];
                for (int i = from; i < to; i++) {
                    int sum =
                            c0 * x[i - 1]
                                    + c1 * x[i - 2]
                                    + c2 * x[i - 3]
                                    + c3 * x[i - 4]
                                    + c4 * x[i - 5]
                                    + c5 * x[i - 6]
                                    + c6 * x[i - 7]
                                    + c7 * x[i - 8];
                    x[i] += sum >> shift;
                }
            }
            case 12 -> {
                int c0 = c[0], c1 = c[1], c2 = c[2], c3 = c[3], c4 = c[4], c5 = c[5], c6 = c[6];
                int c7 = c[7], c8 = c[8], c9 = c[9], c10 = c[10], c11 = c[11];
                for (int i = from; i < to; i++) {
                    int sum =
                            c0 * x[i - 1]
                                    + c1 * x[i - 2]
                                    + c2 * x[i - 3]
                                    + c3 * x[i - 4]
                                    + c4 * x[i - 5]
                                    + c5 * x[i - 6]
                                    + c6 * x[i - 7]
                                    + c7 * x[i - 8]
                                    + c8 * x[i - 9]
                                    + c9 * x[i - 10]
                                    + c10 * x[i - 11]
                                    + c11 * x[i - 12];
                    x[i] += sum >> shift;
                }
            }
            default -> {
                for (int i = from; i < to; i++) {
                    int sum = 0;
                    for (int j = 0; j < order; j++) {
                        sum += c[j] * x[i - 1 - j];
                    }
                    x[i] += sum >> shift;
                }
            }
        }
    }

    private static void restoreLong(int[] x, int from, int to, int[] c, int order, int shift) {
        for (int i = from; i < to; i++) {
            long sum = 0;
            for (int j = 0; j < order; j++) {
                sum += (long) c[j] * x[i - 1 - j];
            }
            x[i] += (int) (sum >> shift);
        }
    }
}
