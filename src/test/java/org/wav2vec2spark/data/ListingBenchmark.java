package org.wav2vec2spark.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Measures the driver's listing of a local folder of small recordings, side by side in one run: the
 * walk the jobs use ({@link FolderWalk}: {@code listStatus} per folder) against Hadoop's recursive
 * {@code listFiles}, which the jobs used before (its located statuses read each file's permissions
 * by starting a process), and the heap the {@link InputListing} of the files holds.
 *
 * <p>Usage: {@code jobs/bench-listing.sh [FILES] [REPETITIONS]} (defaults 2000 and 5). The files
 * are made in a temporary folder, 1000 to a folder, of 100 to 1099 bytes: the listing never reads
 * them. {@code listFiles} is timed once, as it is slow.
 */
public final class ListingBenchmark {

    private ListingBenchmark() {}

    private static void usage(String problem) {
        System.err.println(
                "bench-listing: "
                        + problem
                        + "; usage: jobs/bench-listing.sh [FILES] [REPETITIONS] (see --help)");
        System.exit(2);
    }

    public static void main(String[] args) throws IOException {
        int count = 0;
        int repetitions = 0;
        try {
            count = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
            repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        } catch (NumberFormatException e) {
            usage("FILES and REPETITIONS are numbers: " + e.getMessage());
        }
        if (count < 1 || repetitions < 1) {
            usage("need FILES >= 1 and REPETITIONS >= 1, got " + count + ", " + repetitions);
        }
        java.nio.file.Path dir = Files.createTempDirectory("listing-benchmark");
        try {
            for (int i = 0; i < count; i++) {
                java.nio.file.Path folder = dir.resolve("speaker" + i / 1000);
                Files.createDirectories(folder);
                Files.write(folder.resolve(i + ".flac"), new byte[100 + i % 1000]);
            }
            Configuration conf = new Configuration();
            FileSystem fs = FileSystem.getLocal(conf);
            Path root = fs.makeQualified(new Path(dir.toUri().getPath()));

            double[] walk = new double[repetitions];
            for (int r = -1; r < repetitions; r++) { // r = -1 warms up
                long start = System.nanoTime();
                int found = FolderWalk.files(fs, root).size();
                if (r >= 0) {
                    walk[r] = (System.nanoTime() - start) / 1e9;
                }
                requireAll(found, count, "the walk");
            }
            long start = System.nanoTime();
            requireAll(listFiles(fs, root), count, "listFiles");
            double listFiles = (System.nanoTime() - start) / 1e9;

            System.gc();
            long heapBefore = usedHeap();
            InputListing listing = InputListing.list(conf, List.of(dir.toString()));
            System.gc();
            long heapHeld = usedHeap() - heapBefore;
            requireAll(listing.files().size(), count, "the listing");

            Arrays.sort(walk);
            double median = walk[repetitions / 2];
            System.out.printf(
                    Locale.ROOT,
                    "%d files: walk %.3f s (median of %d, %.0f files/s); Hadoop listFiles %.3f s"
                            + " (%.0f files/s): the walk is %.0fx faster%n"
                            + "the InputListing holds about %.1f MB (%.0f bytes a file)%n",
                    count,
                    median,
                    repetitions,
                    count / median,
                    listFiles,
                    count / listFiles,
                    listFiles / median,
                    heapHeld / 1e6,
                    (double) heapHeld / count);
            // Kept reachable until measured.
            if (listing.files().isEmpty()) {
                throw new IllegalStateException("nothing listed");
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static int listFiles(FileSystem fs, Path root) throws IOException {
        int found = 0;
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(root, true);
        while (files.hasNext()) {
            files.next();
            found++;
        }
        return found;
    }

    private static void requireAll(int found, int expected, String what) {
        if (found != expected) {
            throw new IllegalStateException(
                    what + " found " + found + " of " + expected + " files");
        }
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
