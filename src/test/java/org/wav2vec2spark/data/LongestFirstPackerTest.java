package org.wav2vec2spark.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

class LongestFirstPackerTest {

    private static final int NO_LIMIT = Integer.MAX_VALUE;

    static Stream<Arguments> packings() {
        return Stream.of(
                // bins, capacity, weights by item index, expected bins (item indices, in order)
                Arguments.of(
                        "nothing to pack", 2, NO_LIMIT, List.of(), List.of(List.of(), List.of())),
                Arguments.of(
                        "fewer items than bins",
                        3,
                        NO_LIMIT,
                        List.of(5.0),
                        List.of(List.of(0), List.of(), List.of())),
                Arguments.of(
                        // sorted 10 9 8 7 6 5 4: 10 -> b0, 9 -> b1, 8 -> b2, 7 -> b2 (15), 6 -> b1
                        // (15), 5 -> b0 (15), 4 -> b0 (all at 15 with 2 items: lowest index)
                        "heaviest first into the lightest bin, whatever the input order",
                        3,
                        NO_LIMIT,
                        List.of(4.0, 10.0, 5.0, 9.0, 6.0, 8.0, 7.0),
                        List.of(List.of(1, 2, 0), List.of(3, 4), List.of(5, 6))),
                Arguments.of(
                        "equal weights go in item order, dealt round",
                        2,
                        NO_LIMIT,
                        List.of(1.0, 1.0, 1.0, 1.0),
                        List.of(List.of(0, 2), List.of(1, 3))),
                Arguments.of(
                        // every load stays 0: by index alone all six would go to b0
                        "weightless items are dealt round by item count",
                        3,
                        NO_LIMIT,
                        List.of(0.0, 0.0, 0.0, 0.0, 0.0, 0.0),
                        List.of(List.of(0, 3), List.of(1, 4), List.of(2, 5))),
                Arguments.of(
                        // 10 -> b0, 1 -> b1, 1 -> b1 (now full), 1 -> b0 though b1 is lighter
                        "a full bin takes no more",
                        2,
                        2,
                        List.of(10.0, 1.0, 1.0, 1.0),
                        List.of(List.of(0, 3), List.of(1, 2))),
                Arguments.of(
                        "without the capacity the light bin takes the rest",
                        2,
                        NO_LIMIT,
                        List.of(10.0, 1.0, 1.0, 1.0),
                        List.of(List.of(0), List.of(1, 2, 3))),
                Arguments.of(
                        "fractional weights",
                        2,
                        NO_LIMIT,
                        List.of(0.5, 0.25, 0.75, 0.5),
                        List.of(List.of(2, 1), List.of(0, 3))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("packings")
    void packsHeaviestFirstIntoTheLightestOpenBin(
            String name,
            int bins,
            int capacity,
            List<Double> weights,
            List<List<Integer>> expected) {
        assertThat(pack(weights, bins, capacity)).isEqualTo(expected);
    }

    @Test
    void endsNoBinAboveTheAveragePlusTheHeaviestItem() {
        // Graham's bound for greedy list scheduling, on random weights of 0 to 100.
        Random random = new Random(11);
        for (int trial = 0; trial < 200; trial++) {
            int bins = 1 + random.nextInt(10);
            List<Double> weights = new ArrayList<>();
            for (int i = random.nextInt(100); i > 0; i--) {
                weights.add(100 * random.nextDouble());
            }
            List<List<Integer>> packed = pack(weights, bins, NO_LIMIT);

            double total = weights.stream().mapToDouble(Double::doubleValue).sum();
            double heaviest = weights.stream().mapToDouble(Double::doubleValue).max().orElse(0);
            double load =
                    packed.stream()
                            .mapToDouble(bin -> bin.stream().mapToDouble(weights::get).sum())
                            .max()
                            .orElseThrow();
            assertThat(load).as("trial " + trial).isLessThanOrEqualTo(total / bins + heaviest);
            assertThat(packed.stream().flatMap(List::stream).sorted().toList())
                    .as("trial " + trial)
                    .isEqualTo(IntStream.range(0, weights.size()).boxed().toList());
        }
    }

    @Test
    void refusesWhatCannotBePacked() {
        assertThatThrownBy(() -> pack(List.of(1.0), 0, NO_LIMIT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Need at least 1 bin but got 0");
        assertThatThrownBy(() -> pack(List.of(1.0, 2.0, 3.0), 2, 1))
                .hasMessage("2 bins of at most 1 items cannot hold 3 items");
        assertThatThrownBy(() -> pack(List.of(1.0, -1.0), 2, NO_LIMIT))
                .hasMessage("Item 1 has weight -1.0; weights must be >= 0");
        assertThatThrownBy(() -> pack(List.of(Double.NaN), 2, NO_LIMIT))
                .hasMessage("Item 0 has weight NaN; weights must be >= 0");
    }

    /** Packs the item indices by their weights, ties by index. */
    private static List<List<Integer>> pack(List<Double> weights, int bins, int capacity) {
        return LongestFirstPacker.pack(
                IntStream.range(0, weights.size()).boxed().toList(),
                weights::get,
                Comparator.naturalOrder(),
                bins,
                capacity);
    }
}
