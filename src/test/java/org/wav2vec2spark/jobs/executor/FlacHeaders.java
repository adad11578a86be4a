package org.wav2vec2spark.jobs.executor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** FLAC files that are a header only, for the checks made before a recording is decoded. */
final class FlacHeaders {

    private FlacHeaders() {}

    /**
     * "fLaC" and a last STREAMINFO block at 16 kHz, 16 bits, with no audio frames after it: 42
     * bytes that declare any length, and that decoding calls truncated.
     */
    static byte[] headerOnly(int channels, long totalSamples) {
        ByteBuffer bytes = ByteBuffer.allocate(4 + 4 + 34);
        bytes.put("fLaC".getBytes(StandardCharsets.US_ASCII));
        bytes.putInt(0x80_000000 | 34);
        bytes.putShort((short) 4096).putShort((short) 4096);
        bytes.put(new byte[6]);
        bytes.putLong((16_000L << 44) | ((long) (channels - 1) << 41) | (15L << 36) | totalSamples);
        bytes.put(new byte[16]);
        return bytes.array();
    }
}
