package org.wav2vec2spark.jobs;

import org.wav2vec2spark.jobs.output.RunChunking;

import java.util.List;
import java.util.Map;

/**
 * The transcribe job's settings, parsed and validated by {@link TranscribeOptionsParser}, whose
 * {@code OPTIONS} table documents each one with its default.
 *
 * @param inputUris folders (searched recursively), recordings and archives
 * @param modelUri the model directory
 * @param outputUri the output folder; each run adds a committed {@code run=<n>/} below it
 * @param format {@code parquet} or {@code jsonl}
 * @param chunkSeconds window length for long recordings; 0 disables chunking
 * @param strideSeconds context on each side of a window that is dropped after inference
 * @param wordTimes whether to write per-word start and end times
 * @param master Spark master, or {@code null} for spark-submit's (or local[*] outside it)
 * @param maxFailedFraction the job exits 1 when more than this fraction of the run's recordings
 *     failed; 1 never
 * @param batchSamples samples per model call
 * @param partitions transcription partitions; 0 chooses from the number of inputs
 * @param device {@code auto}, {@code cpu} or {@code gpu}
 * @param torchThreads libtorch intra-op threads per executor; 0 keeps libtorch's default
 * @param sparkConf extra Spark settings from {@code --conf key=value}
 * @param defaultsTaken the options the command line left out that took their {@link
 *     org.wav2vec2spark.jobs.cli.BundledDefaults bundled default}, with its value, for the notice
 *     on stderr
 */
public record TranscribeOptions(
        List<String> inputUris,
        String modelUri,
        String outputUri,
        String format,
        double chunkSeconds,
        double strideSeconds,
        boolean wordTimes,
        String master,
        double maxFailedFraction,
        long batchSamples,
        int partitions,
        String device,
        int torchThreads,
        Map<String, String> sparkConf,
        Map<String, String> defaultsTaken) {

    /** The chunking every run of the output folder records and must share. */
    RunChunking chunking() {
        return new RunChunking(chunkSeconds, strideSeconds);
    }
}
