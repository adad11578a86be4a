package org.wav2vec2spark.audio;

/**
 * Float samples in [-1, 1], one array per channel, as read from a WAV file.
 *
 * <p>The arrays are not copied; callers must not modify them.
 *
 * @param sampleRate samples per second per channel
 * @param channels number of channels, equal to {@code samples.length}
 * @param samples per-channel samples, all of the same length
 */
public record FloatAudio(int sampleRate, int channels, float[][] samples) {

    /**
     * Checks that the channel count matches the arrays.
     *
     * @throws IllegalArgumentException when {@code channels != samples.length} or lengths differ
     */
    public FloatAudio {
        ChannelArrays.check(channels, samples.length, c -> samples[c].length);
    }

    /**
     * Returns the number of samples in each channel.
     *
     * @return samples per channel
     */
    public int frames() {
        return channels == 0 ? 0 : samples[0].length;
    }

    /**
     * Averages the channels into one; a mono clip is returned as is, without copying.
     *
     * @return mono samples
     */
    public float[] toMono() {
        if (channels == 1) {
            return samples[0];
        }
        int frames = frames();
        float[] mono = new float[frames];
        for (int i = 0; i < frames; i++) {
            double sum = 0;
            for (float[] channel : samples) {
                sum += channel[i];
            }
            mono[i] = (float) (sum / channels);
        }
        return mono;
    }
}
