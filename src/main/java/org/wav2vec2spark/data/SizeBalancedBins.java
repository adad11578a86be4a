package org.wav2vec2spark.data;

import java.util.Comparator;
import java.util.List;

/**
 * Spreads files over a fixed number of partitions so that each gets about the same number of bytes,
 * and with it about the same audio duration (compressed size tracks duration closely for one codec
 * and rate, and reading the duration would mean opening every file on the driver).
 *
 * <p>Packed by {@link LongestFirstPacker}, largest file first into the lightest bin, ties by URI:
 * no bin ends heavier than the average plus the largest file (Graham's LPT bound, 4/3 of optimal).
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
        return LongestFirstPacker.pack(
                files,
                InputFile::length,
                Comparator.comparing(InputFile::uri),
                bins,
                Integer.MAX_VALUE);
    }
}
