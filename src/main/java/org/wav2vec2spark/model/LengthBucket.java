package org.wav2vec2spark.model;

import java.io.Serializable;

/**
 * Rounds a batch's padded length up to a multiple of a fixed number of samples.
 *
 * <p>libtorch plans kernels for each new input shape; when every batch has a length of its own, on
 * a GPU that planning costs a measurable share of the run (issue 7 measured DJL with length-sorted
 * batches of 16 at 1300 to 1400 x real time with exact lengths, 1550 to 1650 with lengths rounded
 * up to whole seconds). Rounding makes shapes repeat, at the price of some padding. It is only
 * correct for a model exported with exact batching, whose logits do not depend on the padding.
 *
 * @param samples the multiple padded lengths are rounded up to; 1 leaves them as they are
 */
public record LengthBucket(int samples) implements Serializable {

    /** No rounding: batches are padded to their longest item. */
    public static final LengthBucket NONE = new LengthBucket(1);

    /** Checks the multiple. */
    public LengthBucket {
        if (samples < 1) {
            throw new IllegalArgumentException(
                    "Length bucket must be >= 1 sample but was " + samples);
        }
    }

    /**
     * The padded length of a batch whose longest item has {@code longest} samples.
     *
     * @param longest the longest item's samples, {@code >= 0}
     * @return {@code longest} rounded up to a multiple of {@link #samples()}
     */
    public int paddedLength(int longest) {
        long rounded = ((long) longest + samples - 1) / samples * samples;
        return (int) Math.min(rounded, Integer.MAX_VALUE);
    }

    /**
     * Whether this bucket ever pads beyond the longest item.
     *
     * @return true when {@link #samples()} is above 1
     */
    public boolean rounds() {
        return samples > 1;
    }
}
