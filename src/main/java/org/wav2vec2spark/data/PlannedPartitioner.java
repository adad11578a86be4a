package org.wav2vec2spark.data;

import org.apache.spark.Partitioner;

import java.util.Map;

/**
 * A Spark partitioner that follows a {@link DurationPartitionPlanner} plan for the keys it knows
 * and hashes the rest (transcript lines without audio, malformed lines), which cost no model time.
 */
final class PlannedPartitioner extends Partitioner {
    private static final long serialVersionUID = 1L;

    private final int partitions;
    private final Map<String, Integer> plan;

    /**
     * @param partitions the partition count
     * @param plan the partition of each planned key, each below {@code partitions}
     */
    PlannedPartitioner(int partitions, Map<String, Integer> plan) {
        this.partitions = partitions;
        this.plan = plan;
    }

    @Override
    public int numPartitions() {
        return partitions;
    }

    @Override
    public int getPartition(Object key) {
        Integer planned = plan.get(key);
        return planned != null ? planned : Math.floorMod(key.hashCode(), partitions);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PlannedPartitioner that
                && that.partitions == partitions
                && that.plan.equals(plan);
    }

    @Override
    public int hashCode() {
        return 31 * partitions + plan.hashCode();
    }
}
