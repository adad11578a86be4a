package org.wav2vec2spark.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

class BatchPlannerTest {

    static Stream<Arguments> plans() {
        return Stream.of(
                // budget, lengths by input position, expected batches (indices, longest first)
                Arguments.of("nothing to plan", 100L, List.of(), List.of()),
                Arguments.of("one utterance", 100L, List.of(40), List.of(List.of(0))),
                Arguments.of(
                        "all fit: 3 x 30 <= 100",
                        100L,
                        List.of(10, 30, 20),
                        List.of(List.of(1, 2, 0))),
                Arguments.of(
                        "cut when the next would exceed: 4 x 30 > 100",
                        100L,
                        List.of(30, 30, 30, 30),
                        List.of(List.of(0, 1, 2), List.of(3))),
                Arguments.of(
                        "exactly the budget: 4 x 25 = 100",
                        100L,
                        List.of(25, 25, 25, 25),
                        List.of(List.of(0, 1, 2, 3))),
                Arguments.of(
                        "sorted longest first, the longest fixes the padded size",
                        100L,
                        List.of(10, 60, 20, 45, 5),
                        List.of(List.of(1), List.of(3, 2), List.of(0, 4))),
                Arguments.of(
                        "an over-long utterance forms its own batch",
                        100L,
                        List.of(20, 250, 20),
                        List.of(List.of(1), List.of(0, 2))),
                Arguments.of(
                        "ties keep input order",
                        60L,
                        List.of(20, 20, 20, 20),
                        List.of(List.of(0, 1, 2), List.of(3))),
                Arguments.of(
                        "empty utterances ride along",
                        10L,
                        List.of(0, 5, 0),
                        List.of(List.of(1, 0), List.of(2))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plans")
    void cutsBatchesWithinTheBudget(
            String name, long budget, List<Integer> lengths, List<List<Integer>> expected) {
        BatchPlan plan = new BatchPlanner(budget).plan(lengths);

        assertThat(plan.batches()).map(UtteranceBatch::indices).isEqualTo(expected);
        for (UtteranceBatch batch : plan.batches()) {
            int longest = batch.indices().stream().mapToInt(lengths::get).max().orElseThrow();
            assertThat(batch.paddedLength()).isEqualTo(longest);
            assertThat(batch.realSamples())
                    .isEqualTo(batch.indices().stream().mapToLong(lengths::get).sum());
            assertThat(batch.paddedSamples() <= budget || batch.indices().size() == 1).isTrue();
        }
    }

    @Test
    void roundsPaddedLengthsUpToTheBucketAndBudgetsForThem() {
        // Buckets of 50 pad 95 and 81 to 100, 40 and 12 to 50. With a budget of 190, 95 and 81
        // share a batch unrounded (2 x 95) but not rounded (2 x 100).
        BatchPlan rounded =
                new BatchPlanner(190, new LengthBucket(50)).plan(List.of(40, 95, 12, 81));
        BatchPlan exact = new BatchPlanner(190).plan(List.of(40, 95, 12, 81));

        assertThat(exact.batches())
                .map(UtteranceBatch::indices)
                .isEqualTo(List.of(List.of(1, 3), List.of(0, 2)));
        assertThat(exact.batches()).map(UtteranceBatch::paddedLength).isEqualTo(List.of(95, 40));
        // 2 x 100 > 190, so 95 and 81 no longer share a batch once rounded
        assertThat(rounded.batches())
                .map(UtteranceBatch::indices)
                .isEqualTo(List.of(List.of(1), List.of(3), List.of(0, 2)));
        assertThat(rounded.batches())
                .map(UtteranceBatch::paddedLength)
                .isEqualTo(List.of(100, 100, 50));
        assertThat(rounded.paddedSamples()).isEqualTo(300);
        assertThat(rounded.realSamples()).isEqualTo(228);
    }

    @Test
    void reportsFill() {
        // batches [60], [45, 20], [10, 5]: real 140 of padded 60 + 90 + 20 = 170
        BatchPlan plan = new BatchPlanner(100).plan(List.of(10, 60, 20, 45, 5));

        assertThat(plan.realSamples()).isEqualTo(140);
        assertThat(plan.paddedSamples()).isEqualTo(170);
        assertThat(plan.fill()).isEqualTo(140.0 / 170.0);
    }

    @Test
    void fillIsOneForEqualLengths() {
        assertThat(new BatchPlanner(1000).plan(List.of(7, 7, 7)).fill()).isEqualTo(1.0);
        assertThat(new BatchPlanner(1000).plan(List.of()).fill()).isEqualTo(1.0);
    }

    @Test
    void refusesANonPositiveBudget() {
        assertThatThrownBy(() -> new BatchPlanner(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Padded-samples budget must be >= 1 but was 0");
    }

    @Test
    void refusesANegativeLength() {
        assertThatThrownBy(() -> new BatchPlanner(10).plan(List.of(3, -1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Utterance 1 has length -1, must be >= 0");
    }
}
