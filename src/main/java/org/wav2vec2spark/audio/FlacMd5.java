package org.wav2vec2spark.audio;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Checks decoded samples against the STREAMINFO MD5 signature, which covers the samples
 * interleaved, little-endian, in the fewest whole bytes that hold bitsPerSample.
 */
final class FlacMd5 {
    private static final int CHUNK_FRAMES = 4096;

    private FlacMd5() {}

    static void verify(PcmAudio audio, String expectedHex, String sourceName)
            throws AudioFormatException {
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide MD5", e);
        }
        int bytesPerSample = (audio.bitsPerSample() + 7) / 8;
        int channels = audio.channels();
        byte[] buffer = new byte[CHUNK_FRAMES * channels * bytesPerSample];
        int frames = audio.frames();
        for (int from = 0; from < frames; from += CHUNK_FRAMES) {
            int to = Math.min(frames, from + CHUNK_FRAMES);
            int at = 0;
            for (int i = from; i < to; i++) {
                for (int[] channel : audio.samples()) {
                    int sample = channel[i];
                    for (int b = 0; b < bytesPerSample; b++) {
                        buffer[at++] = (byte) (sample >>> (8 * b));
                    }
                }
            }
            md5.update(buffer, 0, at);
        }
        String actual = HexFormat.of().formatHex(md5.digest());
        if (!actual.equals(expectedHex)) {
            throw new AudioFormatException(
                    sourceName
                            + ": MD5 of decoded samples is "
                            + actual
                            + ", STREAMINFO declares "
                            + expectedHex);
        }
    }
}
