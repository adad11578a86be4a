package org.wav2vec2spark.model;

/**
 * A batch of audio zero-padded on the right to one length, with each item's true length.
 *
 * <p>Models exported with exact batching take the lengths as their second input and compute every
 * item as if it ran alone; other models take the samples only.
 *
 * @param samples {@code [batch][padded samples]}
 * @param lengths each item's number of real samples, at most the padded length
 */
public record PaddedBatch(float[][] samples, long[] lengths) {

    /** Checks that there is one length per item and that no length exceeds the padding. */
    public PaddedBatch {
        if (samples.length != lengths.length) {
            throw new IllegalArgumentException(
                    "Expected one length per item ("
                            + samples.length
                            + ") but got "
                            + lengths.length);
        }
        for (int i = 0; i < samples.length; i++) {
            if (lengths[i] < 0 || lengths[i] > samples[i].length) {
                throw new IllegalArgumentException(
                        "Item "
                                + i
                                + " has length "
                                + lengths[i]
                                + " but is padded to "
                                + samples[i].length
                                + " samples");
            }
        }
    }
}
