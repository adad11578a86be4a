package org.wav2vec2spark.audio;

/** Signed little-endian interleaved raw PCM, the format {@code flac} reads and writes raw. */
final class RawPcm {
    private RawPcm() {}

    static byte[] interleave(int[][] samples, int bits) {
        int bytes = (bits + 7) / 8;
        int frames = samples.length == 0 ? 0 : samples[0].length;
        byte[] out = new byte[frames * samples.length * bytes];
        int at = 0;
        for (int i = 0; i < frames; i++) {
            for (int[] channel : samples) {
                for (int b = 0; b < bytes; b++) {
                    out[at++] = (byte) (channel[i] >>> (8 * b));
                }
            }
        }
        return out;
    }

    static int[][] deinterleave(byte[] raw, int channels, int bits) {
        int bytes = (bits + 7) / 8;
        int frames = raw.length / (channels * bytes);
        int[][] samples = new int[channels][frames];
        int at = 0;
        for (int i = 0; i < frames; i++) {
            for (int c = 0; c < channels; c++) {
                int value = 0;
                for (int b = 0; b < bytes; b++) {
                    value |= (raw[at++] & 0xFF) << (8 * b);
                }
                // Sign-extend from the container width.
                int unused = 32 - 8 * bytes;
                samples[c][i] = (value << unused) >> unused;
            }
        }
        return samples;
    }
}
