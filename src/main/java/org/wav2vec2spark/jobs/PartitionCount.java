package org.wav2vec2spark.jobs;

/**
 * How many partitions the evaluate and transcribe jobs give the inputs they list: the {@code
 * --partitions} asked for, or else one per {@value #INPUTS_PER_PARTITION} inputs and at least
 * Spark's default parallelism. One rule for both jobs, so that their {@code --partitions 0} cannot
 * drift apart.
 */
final class PartitionCount {

    /** Inputs (utterances, recordings) per partition when the count follows the data size. */
    static final int INPUTS_PER_PARTITION = 200;

    private PartitionCount() {}

    /**
     * The partition count for {@code inputs} listed inputs.
     *
     * @param requested the {@code --partitions} option; 0 to choose from the data size
     * @param inputs the inputs listed
     * @param defaultParallelism Spark's default parallelism
     */
    static int choose(int requested, int inputs, int defaultParallelism) {
        return requested > 0
                ? requested
                : Math.max(defaultParallelism, inputs / INPUTS_PER_PARTITION);
    }
}
