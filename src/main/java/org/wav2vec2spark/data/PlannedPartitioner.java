package org.wav2vec2spark.data;

import org.apache.spark.Partitioner;
import org.apache.spark.broadcast.Broadcast;

import java.util.Map;

/**
 * A Spark partitioner that follows a {@link DurationPartitionPlanner} plan for the keys it knows
 * and hashes the rest (transcript lines without audio, malformed lines), which cost no model time.
 *
 * <p>The plan is a broadcast: a partitioner travels inside every task of the stages that shuffle by
 * it and is deserialised by each, and a plan of every utterance of LibriSpeech's 960 hours (281,241
 * ids, about 12 MB) would cost each of those thousands of tasks most of a second. A broadcast is
 * deserialised once per executor; the tasks carry only its handle.
 */
final class PlannedPartitioner extends Partitioner {
    private static final long serialVersionUID = 2L;

    private final int partitions;
    private final Broadcast<Map<String, Integer>> plan;

    /**
     * @param partitions the partition count
     * @param plan the partition of each planned key, each below {@code partitions}
     */
    PlannedPartitioner(int partitions, Broadcast<Map<String, Integer>> plan) {
        this.partitions = partitions;
        this.plan = plan;
    }

    @Override
    public int numPartitions() {
        return partitions;
    }

    @Override
    public int getPartition(Object key) {
        Integer planned = plan.value().get(key);
        return planned != null ? planned : Math.floorMod(key.hashCode(), partitions);
    }

    /** The same plan is the same broadcast: comparing handles spares the executors the maps. */
    @Override
    public boolean equals(Object other) {
        return other instanceof PlannedPartitioner that
                && that.partitions == partitions
                && that.plan.id() == plan.id();
    }

    @Override
    public int hashCode() {
        return 31 * partitions + Long.hashCode(plan.id());
    }
}
