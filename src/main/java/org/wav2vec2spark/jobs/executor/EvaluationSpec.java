package org.wav2vec2spark.jobs.executor;

import ai.djl.Device;

import org.wav2vec2spark.metrics.CaseFolding;
import org.wav2vec2spark.model.LengthBucket;

import java.io.Serializable;

/**
 * What executors need to evaluate a partition; small and immutable, sent with every task.
 *
 * @param model where executors find the model directory
 * @param device {@code auto}, {@code cpu} or {@code gpu}
 * @param batchSamples padded-samples budget of one model batch
 * @param lengthBucketSamples padded lengths are rounded up to a multiple of this (1 rounds
 *     nothing); {@link #AUTO_LENGTH_BUCKET} to decide on the executor from its device
 * @param sortBufferSamples audio samples a partition holds in memory to sort into batches
 * @param torchThreads libtorch intra-op threads, 0 for libtorch's default
 * @param prefetchSamples decoded samples a reader thread may hold ahead of the model, 0 for none
 * @param maxUtteranceSamples longer utterances fail; {@link Long#MAX_VALUE} for no limit
 * @param caseFolding how hypotheses and references are compared, decided once on the driver from
 *     the model's vocabulary
 */
public record EvaluationSpec(
        ModelLocation model,
        String device,
        long batchSamples,
        int lengthBucketSamples,
        long sortBufferSamples,
        int torchThreads,
        long prefetchSamples,
        long maxUtteranceSamples,
        CaseFolding caseFolding)
        implements Serializable {

    /** {@code lengthBucketSamples} that lets each executor decide. */
    public static final int AUTO_LENGTH_BUCKET = -1;

    /** The bucket of {@code --length-bucket-seconds auto}: one second of 16 kHz audio. */
    static final int AUTO_BUCKET_SAMPLES = 16_000;

    /**
     * The length bucket a task uses. Automatic: one second on a GPU, where repeated shapes save
     * libtorch's per-shape planning, for a model whose logits do not depend on padding; none on
     * CPU, where the extra padding would only cost time.
     *
     * @param device the device the task's model runs on
     * @param exactBatching whether the model was exported with exact batching
     * @return the bucket to pad and plan batches with
     */
    public LengthBucket lengthBucket(Device device, boolean exactBatching) {
        if (lengthBucketSamples == AUTO_LENGTH_BUCKET) {
            return device.isGpu() && exactBatching
                    ? new LengthBucket(AUTO_BUCKET_SAMPLES)
                    : LengthBucket.NONE;
        }
        return new LengthBucket(lengthBucketSamples);
    }

    /** The per-partition settings of the evaluator. */
    PartitionEvaluator.Settings partitionSettings() {
        return new PartitionEvaluator.Settings(
                sortBufferSamples, prefetchSamples, maxUtteranceSamples, caseFolding);
    }
}
