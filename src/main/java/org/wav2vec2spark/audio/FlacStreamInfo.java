package org.wav2vec2spark.audio;

/**
 * The STREAMINFO block of a FLAC file: what the stream holds, known without decoding it.
 *
 * @param minBlockSize smallest block size in samples
 * @param maxBlockSize largest block size in samples
 * @param minFrameSize smallest frame in bytes, 0 when unknown
 * @param maxFrameSize largest frame in bytes, 0 when unknown
 * @param sampleRate samples per second per channel
 * @param channels number of channels (1..8)
 * @param bitsPerSample bits per sample (4..32)
 * @param totalSamples samples per channel, 0 when the encoder did not know it
 * @param md5Hex MD5 of the decoded samples as 32 lower-case hex digits; all zeros when unset
 */
public record FlacStreamInfo(
        int minBlockSize,
        int maxBlockSize,
        int minFrameSize,
        int maxFrameSize,
        int sampleRate,
        int channels,
        int bitsPerSample,
        long totalSamples,
        String md5Hex) {

    private static final String UNSET_MD5 = "0".repeat(32);

    /**
     * Whether the encoder stored an MD5 signature of the samples.
     *
     * @return true when {@link #md5Hex()} is not all zeros
     */
    public boolean hasMd5() {
        return !UNSET_MD5.equals(md5Hex);
    }

    /**
     * Duration from the header alone, for planning work by audio length.
     *
     * @return {@code totalSamples / sampleRate} in seconds; 0 when the total is unknown
     */
    public double durationSeconds() {
        return (double) totalSamples / sampleRate;
    }
}
