package org.wav2vec2spark.jobs.executor;

import java.io.Serializable;

/**
 * What executors need to transcribe a partition; small and immutable, sent with every task.
 *
 * @param model where executors find the model directory
 * @param modelId the model's id, written in every row
 * @param device {@code auto}, {@code cpu} or {@code gpu}
 * @param batchSamples samples per model call
 * @param torchThreads libtorch intra-op threads, 0 for libtorch's default
 * @param chunkSeconds window length, 0 for whole recordings
 * @param strideSeconds context dropped on each side of a window
 * @param wordTimes whether to compute per-word times
 * @param taskTries the tries Spark gives each task ({@code TaskTries}): on the last, an input the
 *     file system keeps failing to give is a failed row rather than the end of the run
 */
public record TranscribeSpec(
        ModelLocation model,
        String modelId,
        String device,
        long batchSamples,
        int torchThreads,
        double chunkSeconds,
        double strideSeconds,
        boolean wordTimes,
        int taskTries)
        implements Serializable {}
