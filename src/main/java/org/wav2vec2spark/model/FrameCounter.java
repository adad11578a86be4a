package org.wav2vec2spark.model;

import java.util.List;

/**
 * Number of logit frames wav2vec2's convolutional feature encoder produces for an input length.
 *
 * <p>Each layer, without padding, maps a length {@code L} to {@code floor((L - kernel) / stride) +
 * 1}, and to nothing once {@code L < kernel}: transformers' {@code
 * _get_feat_extract_output_lengths}. With the standard kernels and strides that is one frame per
 * 320 samples (20 ms at 16 kHz), less a receptive field of 400 samples.
 */
public final class FrameCounter {

    private final int[] kernels;
    private final int[] strides;

    /**
     * Creates a counter for a stack of convolutions.
     *
     * @param kernels kernel size of each layer, first layer first
     * @param strides stride of each layer, as many as kernels
     */
    public FrameCounter(List<Integer> kernels, List<Integer> strides) {
        if (kernels.isEmpty() || kernels.size() != strides.size()) {
            throw new IllegalArgumentException(
                    "Need one stride per kernel and at least one layer, but got "
                            + kernels.size()
                            + " kernels and "
                            + strides.size()
                            + " strides");
        }
        this.kernels = kernels.stream().mapToInt(Integer::intValue).toArray();
        this.strides = strides.stream().mapToInt(Integer::intValue).toArray();
        for (int i = 0; i < this.kernels.length; i++) {
            if (this.kernels[i] < 1 || this.strides[i] < 1) {
                throw new IllegalArgumentException(
                        "Layer "
                                + i
                                + " needs kernel and stride >= 1 but has kernel "
                                + this.kernels[i]
                                + " and stride "
                                + this.strides[i]);
            }
        }
    }

    /**
     * Creates the counter for a model described by its metadata.
     *
     * @param metadata the model's {@code model.json}
     * @return a counter with the model's kernels and strides
     */
    public static FrameCounter of(ModelMetadata metadata) {
        return new FrameCounter(metadata.convKernel(), metadata.convStride());
    }

    /**
     * Output frames for an input of {@code samples} samples.
     *
     * @param samples input length, at least 0
     * @return the number of frames, 0 when the input is shorter than {@link #minimumSamples()}
     */
    public int frames(long samples) {
        if (samples < 0) {
            throw new IllegalArgumentException("Input length must be >= 0 but was " + samples);
        }
        long length = samples;
        for (int i = 0; i < kernels.length; i++) {
            if (length < kernels[i]) {
                return 0;
            }
            length = (length - kernels[i]) / strides[i] + 1;
        }
        return Math.toIntExact(length);
    }

    /**
     * The shortest input that yields one frame: the encoder's receptive field.
     *
     * @return the minimum number of samples (400 for the standard wav2vec2 encoder)
     */
    public int minimumSamples() {
        long length = 1;
        for (int i = kernels.length - 1; i >= 0; i--) {
            length = (length - 1) * strides[i] + kernels[i];
        }
        return Math.toIntExact(length);
    }
}
