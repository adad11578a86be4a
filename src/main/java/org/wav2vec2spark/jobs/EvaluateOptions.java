package org.wav2vec2spark.jobs;

import java.util.List;
import java.util.Map;

/**
 * The evaluate job's settings, parsed and validated by {@link EvaluateOptionsParser}, whose {@code
 * OPTIONS} table documents each one with its default.
 *
 * @param dataUri the LibriSpeech data root (the folder holding the split folders)
 * @param modelUri the model directory
 * @param outputUri where results go
 * @param splits split folders to evaluate; empty means all
 * @param master Spark master, or {@code null} to use spark-submit's (or local[*] outside it)
 * @param maxFailedFraction the job fails when more than this fraction of utterances failed
 * @param batchSamples padded-samples budget of one model batch; 0 chooses from the model (see
 *     {@link EvaluationBatching#batchSamples})
 * @param lengthBucketSeconds batches are padded to a multiple of this many seconds; {@link
 *     #AUTO_LENGTH_BUCKET} for one second on a GPU with an exact-batching model and none otherwise;
 *     0 for none
 * @param partitions number of evaluation partitions; 0 chooses from the data size
 * @param device {@code auto}, {@code cpu} or {@code gpu}
 * @param torchThreads libtorch intra-op threads per executor; 0 keeps libtorch's default
 * @param maxUtteranceSeconds longer utterances fail with a clear error; 0 for no limit
 * @param prefetchSeconds audio a reader thread decodes ahead of the model; 0 for none
 * @param overwrite replace an existing output folder
 * @param sparkConf extra Spark settings from {@code --conf key=value}
 * @param defaultsTaken the options that neither the command line nor the preset gave and that took
 *     their {@link org.wav2vec2spark.jobs.cli.BundledDefaults bundled default}, with its value, for
 *     the notice on stderr
 * @param optionNames how errors name the options that are checked once the job knows its model or
 *     its file systems (the locations and the batching), by option name: {@code --data}, or the
 *     preset file and key the value came from ({@code conf/x.properties: data})
 */
public record EvaluateOptions(
        String dataUri,
        String modelUri,
        String outputUri,
        List<String> splits,
        String master,
        double maxFailedFraction,
        long batchSamples,
        double lengthBucketSeconds,
        int partitions,
        String device,
        int torchThreads,
        double maxUtteranceSeconds,
        double prefetchSeconds,
        boolean overwrite,
        Map<String, String> sparkConf,
        Map<String, String> defaultsTaken,
        Map<String, String> optionNames) {

    /** The {@code lengthBucketSeconds} of {@code --length-bucket-seconds auto}, the default. */
    public static final double AUTO_LENGTH_BUCKET = -1;

    /**
     * How an error names {@code option}: {@code --data}, or the preset file and key it came from.
     */
    String nameOf(String option) {
        return optionNames.getOrDefault(option, "--" + option);
    }
}
