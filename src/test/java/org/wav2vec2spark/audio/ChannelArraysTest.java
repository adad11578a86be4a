package org.wav2vec2spark.audio;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChannelArraysTest {

    @Test
    void acceptsOneArrayPerChannelOfOneLength() {
        assertThatCode(() -> new PcmAudio(16000, 2, 16, new int[][] {{1, 2}, {3, 4}}))
                .doesNotThrowAnyException();
        assertThatCode(() -> new FloatAudio(16000, 0, new float[0][])).doesNotThrowAnyException();
    }

    @Test
    void rejectsAChannelCountThatDiffersFromTheArrays() {
        assertThatThrownBy(() -> new FloatAudio(16000, 2, new float[][] {{0f}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("channels must equal samples.length: expected 1, got 2");
    }

    @Test
    void rejectsChannelsOfDifferentLengths() {
        assertThatThrownBy(() -> new PcmAudio(16000, 3, 16, new int[][] {{1, 2}, {3, 4}, {5}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("all channels must have 2 samples, one has 1");
    }
}
