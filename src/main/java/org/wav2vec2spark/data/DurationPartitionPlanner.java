package org.wav2vec2spark.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Assigns utterances to partitions by audio duration, so every partition holds about the same
 * amount of audio rather than the same number of files.
 *
 * <p>Packed by {@link LongestFirstPacker}: utterances longest first (ties by id, so plans are
 * reproducible), each into the partition with the least audio so far that still has room for
 * another utterance. Each partition then ends within one utterance of the average load (no
 * partition exceeds the average plus the longest utterance, Graham's bound for greedy list
 * scheduling), so a chapter of long utterances no longer makes one straggler task. Plain Java, run
 * on the driver over ids and durations only.
 */
public final class DurationPartitionPlanner {

    private DurationPartitionPlanner() {}

    /**
     * Plans the partitions.
     *
     * @param secondsById each utterance's duration in seconds (>= 0)
     * @param partitions how many partitions to fill (>= 1)
     * @param maxUtterancesPerPartition the most utterances one partition may take; raised to {@code
     *     ceil(utterances / partitions)} when lower, so every utterance has a place
     * @return the partition of every utterance
     */
    public static Map<String, Integer> plan(
            Map<String, Double> secondsById, int partitions, int maxUtterancesPerPartition) {
        if (partitions < 1) {
            throw new IllegalArgumentException("Partitions must be >= 1, got " + partitions);
        }
        secondsById.forEach(
                (id, seconds) -> {
                    if (!(seconds >= 0)) {
                        throw new IllegalArgumentException(
                                "Utterance " + id + " has duration " + seconds + " s");
                    }
                });
        int capacity =
                Math.max(
                        maxUtterancesPerPartition,
                        (secondsById.size() + partitions - 1) / partitions);
        List<List<Map.Entry<String, Double>>> packed =
                LongestFirstPacker.pack(
                        new ArrayList<>(secondsById.entrySet()),
                        Map.Entry::getValue,
                        Map.Entry.comparingByKey(),
                        partitions,
                        capacity);
        Map<String, Integer> assignment = new HashMap<>();
        for (int p = 0; p < packed.size(); p++) {
            for (Map.Entry<String, Double> utterance : packed.get(p)) {
                assignment.put(utterance.getKey(), p);
            }
        }
        return assignment;
    }
}
