package org.wav2vec2spark.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

class FrameCounterTest {

    private static final FrameCounter WAV2VEC2 =
            new FrameCounter(List.of(10, 3, 3, 3, 3, 2, 2), List.of(5, 2, 2, 2, 2, 2, 2));

    // Values of transformers' Wav2Vec2Model._get_feat_extract_output_lengths for the standard
    // encoder: floor((length - kernel) / stride) + 1 per convolution. 400 samples: (400 - 10) / 5
    // + 1 = 79, then 39, 19, 9, 4 with kernel 3 and stride 2, then 2 and 1 with kernel 2; 16000:
    // 3199, 1599, 799, 399, 199, 99, 49. Fewer than 400 samples leave a layer with no output.
    @ParameterizedTest(name = "{0} samples -> {1} frames")
    @CsvSource({
        "0, 0",
        "1, 0",
        "399, 0",
        "400, 1",
        "719, 1",
        "720, 2",
        "16000, 49",
        "40000, 124",
        "160000, 499",
        "480000, 1499",
    })
    void countsFramesOfTheStandardEncoder(long samples, int frames) {
        assertThat(WAV2VEC2.frames(samples)).isEqualTo(frames);
    }

    @Test
    void minimumSamplesIsTheReceptiveField() {
        assertThat(WAV2VEC2.minimumSamples()).isEqualTo(400);
        assertThat(WAV2VEC2.frames(WAV2VEC2.minimumSamples() - 1)).isZero();
    }

    @Test
    void oneFramePer320SamplesBeyondTheReceptiveField() {
        // 320 samples = 20 ms at 16 kHz, the product of the strides
        for (int extraFrames = 0; extraFrames < 50; extraFrames++) {
            assertThat(WAV2VEC2.frames(400 + 320L * extraFrames)).isEqualTo(1 + extraFrames);
        }
    }

    @Test
    void singleLayer() {
        FrameCounter counter = new FrameCounter(List.of(4), List.of(3));
        assertThat(counter.frames(3)).isZero();
        assertThat(counter.frames(4)).isEqualTo(1);
        assertThat(counter.frames(10)).isEqualTo(3);
        assertThat(counter.minimumSamples()).isEqualTo(4);
    }

    @Test
    void refusesMismatchedLayers() {
        assertThatThrownBy(() -> new FrameCounter(List.of(10, 3), List.of(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Need one stride per kernel and at least one layer, but got 2 kernels and 1"
                                + " strides");
    }

    @Test
    void refusesNegativeLength() {
        assertThatThrownBy(() -> WAV2VEC2.frames(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Input length must be >= 0 but was -1");
    }
}
