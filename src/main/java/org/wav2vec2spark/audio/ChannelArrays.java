package org.wav2vec2spark.audio;

import java.util.function.IntUnaryOperator;

/** The shape check shared by the audio records: one array per channel, all of one length. */
final class ChannelArrays {

    private ChannelArrays() {}

    /**
     * Checks a record's per-channel arrays.
     *
     * @param channels the declared channel count
     * @param arrays how many per-channel arrays there are
     * @param lengthOf the length of the array of channel {@code c}
     * @throws IllegalArgumentException when {@code channels != arrays} or the lengths differ
     */
    static void check(int channels, int arrays, IntUnaryOperator lengthOf) {
        if (channels != arrays) {
            throw new IllegalArgumentException(
                    "channels must equal samples.length: expected " + arrays + ", got " + channels);
        }
        for (int c = 1; c < arrays; c++) {
            if (lengthOf.applyAsInt(c) != lengthOf.applyAsInt(0)) {
                throw new IllegalArgumentException(
                        "all channels must have "
                                + lengthOf.applyAsInt(0)
                                + " samples, one has "
                                + lengthOf.applyAsInt(c));
            }
        }
    }
}
