package org.wav2vec2spark.jobs;

import java.io.Serializable;

/**
 * What executors need to evaluate a partition; small and immutable, sent with every task.
 *
 * @param modelFileName the model directory's name as registered with {@code SparkContext.addFile}
 * @param device {@code auto}, {@code cpu} or {@code gpu}
 * @param batchSamples padded-samples budget of one model batch
 * @param windowSamples audio samples a partition holds in memory to sort into batches
 * @param torchThreads libtorch intra-op threads, 0 for libtorch's default
 */
public record EvaluationSpec(
        String modelFileName,
        String device,
        long batchSamples,
        long windowSamples,
        int torchThreads)
        implements Serializable {}
