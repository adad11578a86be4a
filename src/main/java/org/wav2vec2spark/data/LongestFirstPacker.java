package org.wav2vec2spark.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.ToDoubleFunction;

/**
 * Packs weighted items into a fixed number of bins so that the bins' total weights come out about
 * equal: the one packing rule behind {@link SizeBalancedBins} (files by bytes) and {@link
 * DurationPartitionPlanner} (utterances by seconds).
 *
 * <p>Longest processing time first (Graham's LPT rule): items sorted heaviest first, each into the
 * open bin with the least weight so far. With room for every item in any bin, no bin ends heavier
 * than the average plus the heaviest item, and the heaviest bin is within 4/3 of the best possible.
 * Ties in weight go to the bin with fewer items, so that weightless items (empty files, unknown
 * durations) are dealt round instead of piling into one bin, then to the lowest index, so that
 * plans are reproducible.
 */
final class LongestFirstPacker {

    private LongestFirstPacker() {}

    /**
     * Packs the items.
     *
     * @param items the items to place, each once
     * @param weight each item's weight, at least 0
     * @param ties the order of items of equal weight, so that the plan does not depend on the order
     *     the items come in
     * @param bins how many bins, at least 1
     * @param capacity the most items one bin takes; {@code bins * capacity} must hold every item
     * @return {@code bins} lists, each holding its items in the order they were placed (heaviest
     *     first); some are empty when there are fewer items than bins
     * @throws IllegalArgumentException when there are no bins, the bins cannot hold every item, or
     *     an item's weight is negative or NaN
     */
    static <T> List<List<T>> pack(
            List<T> items,
            ToDoubleFunction<? super T> weight,
            Comparator<? super T> ties,
            int bins,
            int capacity) {
        if (bins < 1) {
            throw new IllegalArgumentException("Need at least 1 bin but got " + bins);
        }
        if ((long) bins * capacity < items.size()) {
            throw new IllegalArgumentException(
                    bins
                            + " bins of at most "
                            + capacity
                            + " items cannot hold "
                            + items.size()
                            + " items");
        }
        List<Weighted<T>> heaviestFirst = new ArrayList<>(items.size());
        for (T item : items) {
            double w = weight.applyAsDouble(item);
            if (!(w >= 0)) {
                throw new IllegalArgumentException(
                        "Item " + item + " has weight " + w + "; weights must be >= 0");
            }
            heaviestFirst.add(new Weighted<>(item, w));
        }
        heaviestFirst.sort(
                Comparator.<Weighted<T>>comparingDouble(Weighted::weight)
                        .reversed()
                        .thenComparing(Weighted::item, ties));
        List<Bin<T>> all = new ArrayList<>(bins);
        PriorityQueue<Bin<T>> open =
                new PriorityQueue<>(
                        Comparator.<Bin<T>>comparingDouble(bin -> bin.load)
                                .thenComparingInt(bin -> bin.items.size())
                                .thenComparingInt(bin -> bin.index));
        for (int b = 0; b < bins; b++) {
            Bin<T> bin = new Bin<>(b);
            all.add(bin);
            open.add(bin);
        }
        for (Weighted<T> next : heaviestFirst) {
            Bin<T> lightest = open.poll();
            lightest.items.add(next.item());
            lightest.load += next.weight();
            if (lightest.items.size() < capacity) {
                open.add(lightest);
            }
        }
        List<List<T>> packed = new ArrayList<>(bins);
        all.forEach(bin -> packed.add(bin.items));
        return packed;
    }

    /** An item with its weight, read once. */
    private record Weighted<T>(T item, double weight) {}

    /** A bin being filled; mutable, so it is taken out of the queue while its load changes. */
    private static final class Bin<T> {
        final int index;
        final List<T> items = new ArrayList<>();
        double load;

        Bin(int index) {
            this.index = index;
        }
    }
}
