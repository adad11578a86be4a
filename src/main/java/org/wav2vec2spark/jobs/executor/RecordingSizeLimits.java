package org.wav2vec2spark.jobs.executor;

import org.wav2vec2spark.audio.AudioReader;

import java.util.Locale;

/**
 * The sizes a recording must have to be transcribed, and the failed rows' words when it has not:
 * decoded, it must fit the executor's heap, and it must be long enough for one frame of the model.
 * An empty transcript for a recording cut short would be an {@code ok} row that every rerun skips
 * as done, and a recording decoded past the heap would end the executor with no row naming it.
 */
final class RecordingSizeLimits {

    private static final double GIB = 1024.0 * 1024 * 1024;
    private static final String MORE_MEMORY =
            "give executors more memory (spark.executor.memory; on the embedded local Spark,"
                    + " W2V_DRIVER_JAVA_OPTS=-Xmx16g, say) or cut the recording into parts";

    private final int minimumSamples;
    private final long heapBytes;

    /**
     * Limits for one model on this JVM.
     *
     * @param minimumSamples the shortest recording that gives the model one frame ({@link
     *     org.wav2vec2spark.model.FrameCounter#minimumSamples})
     * @param heapBytes the heap the decoded audio must fit, {@link Runtime#maxMemory()}
     */
    RecordingSizeLimits(int minimumSamples, long heapBytes) {
        this.minimumSamples = minimumSamples;
        this.heapBytes = heapBytes;
    }

    /**
     * Why a file cannot be decoded here, told from its header alone: a FLAC that declares more
     * audio than the heap holds.
     *
     * @return the reason, or {@code null} when decoding may go ahead
     */
    String refusedBeforeDecoding(byte[] bytes, String name) {
        long decoding = bytes == null ? -1 : AudioReader.leastDecodingBytes(bytes, name);
        if (decoding <= heapBytes) {
            return null;
        }
        return String.format(
                Locale.ROOT,
                "decoding it takes at least %.1f GiB of heap, more than this executor's %.1f GiB;"
                        + " %s",
                decoding / GIB,
                heapBytes / GIB,
                MORE_MEMORY);
    }

    /** The words for a file whose decoding ran out of heap. */
    String outOfMemory(byte[] bytes) {
        return String.format(
                Locale.ROOT,
                "out of memory decoding its %.1f MiB (this executor's heap of %.1f GiB is shared by"
                        + " its running tasks); run fewer tasks on each (spark.executor.cores), %s",
                bytes.length / (1024.0 * 1024),
                heapBytes / GIB,
                MORE_MEMORY);
    }

    /**
     * Why decoded audio is too short for the model.
     *
     * @return the reason, or {@code null} when it gives at least one frame
     */
    String refusedAfterDecoding(int samples) {
        if (samples >= minimumSamples) {
            return null;
        }
        return String.format(
                Locale.ROOT,
                "%d samples (%.3f s) of audio, shorter than the %d samples (%.3f s) the model needs"
                        + " for one frame; is the file cut short?",
                samples,
                samples / (double) AudioReader.SAMPLE_RATE,
                minimumSamples,
                minimumSamples / (double) AudioReader.SAMPLE_RATE);
    }
}
