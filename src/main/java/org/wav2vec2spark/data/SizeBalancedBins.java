package org.wav2vec2spark.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Spreads files over a fixed number of partitions so that each gets about the same number of bytes,
 * and with it about the same audio duration (compressed size tracks duration closely for one codec
 * and rate, and reading the duration would mean opening every file on the driver).
 *
 * <p>Greedy longest-first: files sorted by size, largest first, each into the lightest bin so far;
 * no bin ends more than one file heavier than the lightest (Graham's LPT bound, 4/3 of optimal).
 */
public final class SizeBalancedBins {

    private SizeBalancedBins() {}

    /**
     * Bins files by size.
     *
     * @param files the files
     * @param bins how many bins, at least 1
     * @return {@code bins} lists (some empty when there are fewer files than bins)
     */
    public static List<List<InputFile>> plan(List<InputFile> files, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("Need at least 1 bin but got " + bins);
        }
        List<List<InputFile>> result = new ArrayList<>(bins);
        long[] load = new long[bins];
        PriorityQueue<Integer> lightest =
                new PriorityQueue<>(
                        Comparator.comparingLong((Integer b) -> load[b])
                                .thenComparing(Comparator.naturalOrder()));
        for (int b = 0; b < bins; b++) {
            result.add(new ArrayList<>());
            lightest.add(b);
        }
        List<InputFile> sorted = new ArrayList<>(files);
        sorted.sort(
                Comparator.comparingLong(InputFile::length)
                        .reversed()
                        .thenComparing(InputFile::uri));
        for (InputFile file : sorted) {
            int bin = lightest.poll();
            result.get(bin).add(file);
            load[bin] += file.length();
            lightest.add(bin);
        }
        return result;
    }
}
