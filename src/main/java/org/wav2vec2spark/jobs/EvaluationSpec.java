package org.wav2vec2spark.jobs;

import java.io.Serializable;

/**
 * What executors need to evaluate a partition; small and immutable, sent with every task.
 *
 * @param model where executors find the model directory
 * @param device {@code auto}, {@code cpu} or {@code gpu}
 * @param batchSamples padded-samples budget of one model batch
 * @param windowSamples audio samples a partition holds in memory to sort into batches
 * @param torchThreads libtorch intra-op threads, 0 for libtorch's default
 * @param prefetchSamples decoded samples a reader thread may hold ahead of the model, 0 for none
 * @param maxUtteranceSamples longer utterances fail; {@link Long#MAX_VALUE} for no limit
 */
record EvaluationSpec(
        ModelLocation model,
        String device,
        long batchSamples,
        long windowSamples,
        int torchThreads,
        long prefetchSamples,
        long maxUtteranceSamples)
        implements Serializable {

    /** The per-partition settings of the evaluator. */
    PartitionEvaluator.Settings partitionSettings() {
        return new PartitionEvaluator.Settings(windowSamples, prefetchSamples, maxUtteranceSamples);
    }
}
