package org.wav2vec2spark.audio;

/**
 * Integer PCM samples as decoded from a lossless file, one array per channel.
 *
 * <p>Channels are kept planar ({@code samples[channel][frame]}) because that is how FLAC codes
 * them, so the decoder writes each subframe straight into its final place. The arrays are not
 * copied: the record is a view of the decoder's output and callers must not modify it.
 *
 * @param sampleRate samples per second per channel
 * @param channels number of channels, equal to {@code samples.length}
 * @param bitsPerSample bits of each signed sample; values lie in [-2^(bits-1), 2^(bits-1))
 * @param samples per-channel samples, all of the same length
 */
public record PcmAudio(int sampleRate, int channels, int bitsPerSample, int[][] samples) {

    /**
     * Checks that the channel count matches the arrays.
     *
     * @throws IllegalArgumentException when {@code channels != samples.length} or lengths differ
     */
    public PcmAudio {
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
     * Converts to float in [-1, 1) by dividing by 2^(bitsPerSample-1), as soundfile and torchaudio
     * do, then averages the channels into one.
     *
     * @return mono float samples, a new array
     */
    public float[] toMonoFloat() {
        int frames = frames();
        float[] mono = new float[frames];
        double scale = Math.scalb(1.0, -(bitsPerSample - 1));
        if (channels == 1) {
            int[] only = samples[0];
            for (int i = 0; i < frames; i++) {
                mono[i] = (float) (only[i] * scale);
            }
            return mono;
        }
        // The integer sum is exact; scale / channels is exact for 1, 2, 4 and 8 channels, so the
        // only rounding there is the final one to float (other counts round once more, by at most
        // an ulp of the double).
        double channelScale = scale / channels;
        for (int i = 0; i < frames; i++) {
            long sum = 0;
            for (int[] channel : samples) {
                sum += channel[i];
            }
            mono[i] = (float) (sum * channelScale);
        }
        return mono;
    }
}
