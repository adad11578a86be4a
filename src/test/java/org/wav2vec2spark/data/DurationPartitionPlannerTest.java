package org.wav2vec2spark.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

class DurationPartitionPlannerTest {

    @Test
    void followsLongestFirstByHand() {
        // 10 -> p0, 9 -> p1, 8 -> p2; 7 -> p2 (least, 8 -> 15); 6 -> p1 (9 -> 15); 5 -> p0
        // (10 -> 15); 4 -> p0 (all at 15, lowest index wins -> 19).
        Map<String, Double> seconds = durations(10, 9, 8, 7, 6, 5, 4);

        Map<String, Integer> plan = DurationPartitionPlanner.plan(seconds, 3, 100);

        assertThat(plan)
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("u0", 0, "u1", 1, "u2", 2, "u3", 2, "u4", 1, "u5", 0, "u6", 0));
        assertThat(loads(plan, seconds, 3)).containsExactly(19.0, 15.0, 15.0);
    }

    @Test
    void aFullPartitionTakesNoMore() {
        // Capacity 2: 10 -> p0; 1 -> p1; 1 -> p1 (1 < 10; p1 now full); 1 -> p0, the only open
        // partition, although p1 has less audio. Without the cap it would go to p1.
        Map<String, Double> seconds = durations(10, 1, 1, 1);

        assertThat(DurationPartitionPlanner.plan(seconds, 2, 2))
                .containsExactlyInAnyOrderEntriesOf(Map.of("u0", 0, "u1", 1, "u2", 1, "u3", 0));
        assertThat(DurationPartitionPlanner.plan(seconds, 2, 100))
                .containsExactlyInAnyOrderEntriesOf(Map.of("u0", 0, "u1", 1, "u2", 1, "u3", 1));
        // A cap of 1 cannot place 4 utterances in 2 partitions: it is raised to ceil(4 / 2) = 2.
        assertThat(DurationPartitionPlanner.plan(seconds, 2, 1))
                .isEqualTo(DurationPartitionPlanner.plan(seconds, 2, 2));
    }

    @Test
    void dealsZeroSecondUtterancesRound() {
        // Unknown durations planned as 0 s leave every load equal: ties go to the partition with
        // the fewest utterances, so 6 of them spread 2, 2, 2 instead of filling p0 to capacity.
        Map<String, Double> seconds = durations(0, 0, 0, 0, 0, 0);

        Map<String, Integer> plan = DurationPartitionPlanner.plan(seconds, 3, 4);

        assertThat(plan.values()).containsExactlyInAnyOrder(0, 0, 1, 1, 2, 2);
    }

    @Test
    void balancesASkewedCorpusByDurationNotCount() {
        // LibriSpeech-like: 600 utterances of 1.3 to 15 s, and one chapter of 20 utterances of
        // 35 s whose ids sort together, as a chapter's files do.
        Random random = new Random(7);
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (int i = 0; i < 600; i++) {
            seconds.put(String.format("1000-1-%04d", i), 1.3 + 13.7 * random.nextDouble());
        }
        for (int i = 0; i < 20; i++) {
            seconds.put(String.format("9999-9-%04d", i), 35.0);
        }
        int partitions = 8;

        Map<String, Integer> plan = DurationPartitionPlanner.plan(seconds, partitions, 155);

        assertThat(plan.keySet()).containsExactlyInAnyOrderElementsOf(seconds.keySet());
        assertThat(plan.values()).allMatch(p -> p >= 0 && p < partitions);
        double total = seconds.values().stream().mapToDouble(Double::doubleValue).sum();
        double[] byDuration = loads(plan, seconds, partitions);
        double max = java.util.Arrays.stream(byDuration).max().orElseThrow();
        // Greedy list scheduling ends every partition within one utterance of the average.
        assertThat(max).isLessThanOrEqualTo(total / partitions + 35.0);
        for (int p = 0; p < partitions; p++) {
            final int partition = p;
            assertThat(plan.values().stream().filter(v -> v == partition).count())
                    .as("utterances in partition " + p)
                    .isLessThanOrEqualTo(155);
        }
        // By file count (equal runs of ids in order), the long chapter lands in the last
        // partition and makes it the straggler.
        List<String> ids = new ArrayList<>(seconds.keySet());
        Map<String, Integer> byCount = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            byCount.put(ids.get(i), i * partitions / ids.size());
        }
        double countMax =
                java.util.Arrays.stream(loads(byCount, seconds, partitions)).max().orElseThrow();
        assertThat(countMax).isGreaterThan(1.5 * max);
    }

    @Test
    void refusesBadInput() {
        assertThatThrownBy(() -> DurationPartitionPlanner.plan(durations(1), 0, 1))
                .hasMessage("Partitions must be >= 1, got 0");
        assertThatThrownBy(() -> DurationPartitionPlanner.plan(durations(1, Double.NaN), 2, 1))
                .hasMessage("Utterance u1 has duration NaN s");
    }

    private static Map<String, Double> durations(double... seconds) {
        Map<String, Double> byId = new LinkedHashMap<>();
        for (int i = 0; i < seconds.length; i++) {
            byId.put("u" + i, seconds[i]);
        }
        return byId;
    }

    private static double[] loads(Map<String, Integer> plan, Map<String, Double> seconds, int n) {
        double[] loads = new double[n];
        plan.forEach((id, p) -> loads[p] += seconds.get(id));
        return loads;
    }
}
