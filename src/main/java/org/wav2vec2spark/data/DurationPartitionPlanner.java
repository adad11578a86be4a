package org.wav2vec2spark.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Assigns utterances to partitions by audio duration, so every partition holds about the same
 * amount of audio rather than the same number of files.
 *
 * <p>Longest processing time first: utterances sorted longest first (ties by id, so plans are
 * reproducible) each go to the partition with the least audio so far that still has room for
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
        int capacity =
                Math.max(
                        maxUtterancesPerPartition,
                        (secondsById.size() + partitions - 1) / partitions);
        List<Map.Entry<String, Double>> longestFirst = new ArrayList<>(secondsById.entrySet());
        longestFirst.sort(
                Map.Entry.<String, Double>comparingByValue()
                        .reversed()
                        .thenComparing(Map.Entry.comparingByKey()));
        // [seconds so far, count, partition], least loaded first, then fewest utterances (so
        // zero-second utterances are dealt round instead of filling one partition), then index
        PriorityQueue<double[]> open =
                new PriorityQueue<>(
                        Comparator.<double[]>comparingDouble(load -> load[0])
                                .thenComparingDouble(load -> load[1])
                                .thenComparingDouble(load -> load[2]));
        for (int p = 0; p < partitions; p++) {
            open.add(new double[] {0, 0, p});
        }
        Map<String, Integer> assignment = new HashMap<>();
        for (Map.Entry<String, Double> utterance : longestFirst) {
            double seconds = utterance.getValue();
            if (!(seconds >= 0)) {
                throw new IllegalArgumentException(
                        "Utterance " + utterance.getKey() + " has duration " + seconds + " s");
            }
            double[] least = open.poll();
            assignment.put(utterance.getKey(), (int) least[2]);
            least[0] += seconds;
            least[1]++;
            if (least[1] < capacity) {
                open.add(least);
            }
        }
        return assignment;
    }
}
