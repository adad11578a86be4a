package org.wav2vec2spark.audio;

/**
 * Deterministic test signals as integer PCM. Each channel gets different content so that a decoder
 * mixing up channels or stereo modes cannot pass.
 */
final class TestSignals {
    /** Kinds of signal, chosen to push the encoder into each subframe type. */
    enum Kind {
        /** Tones plus noise: LPC and fixed subframes. */
        TONES_AND_NOISE,
        /** All zeros: constant subframes. */
        SILENCE,
        /** Full-scale square wave: extremes of the sample range. */
        SQUARE,
        /** White noise at full scale: verbatim subframes and escaped partitions. */
        NOISE,
        /** Tones with the four lowest bits zero: wasted-bits subframes. */
        WASTED_BITS
    }

    private TestSignals() {}

    static int[][] make(Kind kind, int channels, int frames, int bits) {
        int[][] samples = new int[channels][frames];
        long max = (1L << (bits - 1)) - 1;
        long min = -(1L << (bits - 1));
        long seed = 0x9E3779B97F4A7C15L;
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < frames; i++) {
                seed = seed * 6364136223846793005L + 1442695040888963407L;
                double noise = ((seed >>> 11) * 0x1.0p-53) * 2 - 1;
                double t = i / 16000.0;
                double value =
                        switch (kind) {
                            case SILENCE -> 0;
                            case SQUARE -> ((i / (20 + 3 * c)) & 1) == 0 ? max : min;
                            case NOISE -> noise * max;
                            case TONES_AND_NOISE, WASTED_BITS ->
                                    max
                                            * (0.5 * Math.sin(2 * Math.PI * (220 + 55 * c) * t)
                                                    + 0.3 * Math.sin(2 * Math.PI * 1375 * t + c)
                                                    + 0.05 * noise);
                        };
                long sample = Math.max(min, Math.min(max, Math.round(value)));
                if (kind == Kind.WASTED_BITS) {
                    sample &= ~0xFL;
                }
                samples[c][i] = (int) sample;
            }
        }
        return samples;
    }
}
