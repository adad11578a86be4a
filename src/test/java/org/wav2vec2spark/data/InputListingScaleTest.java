package org.wav2vec2spark.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * 20000 small recordings: the driver lists paths and sizes only, and the partitions carry equal
 * bytes. How fast it lists is measured by {@code jobs/bench-listing.sh} ({@link ListingBenchmark}),
 * not here.
 */
class InputListingScaleTest {
    private static final int FILES = 20_000;

    @Test
    void listsTwentyThousandFilesAsPathsAndBalancesThem(@TempDir Path dir) throws IOException {
        // Sizes 100..1099 bytes: the content is never read by the listing, so any bytes will do.
        for (int i = 0; i < FILES; i++) {
            Path folder = dir.resolve("speaker" + i / 1000);
            Files.createDirectories(folder);
            Files.write(folder.resolve(i + ".flac"), new byte[100 + i % 1000]);
        }
        System.gc();
        long heapBefore = usedHeap();

        InputListing listing = InputListing.list(new Configuration(), List.of(dir.toString()));

        System.gc();
        long heapHeld = usedHeap() - heapBefore;
        assertThat(listing.files()).hasSize(FILES);
        // Paths and sizes only: a few hundred bytes per file, never the audio.
        assertThat(heapHeld).isLessThan(FILES * 1_000L);

        List<List<InputFile>> bins = SizeBalancedBins.plan(listing.files(), 100);
        long[] loads =
                bins.stream()
                        .mapToLong(b -> b.stream().mapToLong(InputFile::length).sum())
                        .toArray();
        long max = java.util.Arrays.stream(loads).max().orElseThrow();
        long min = java.util.Arrays.stream(loads).min().orElseThrow();
        // Largest-first greedy: no bin is heavier than the lightest by more than one file (<1100).
        assertThat(max - min).isLessThan(1_100);
        assertThat(bins.stream().mapToInt(List::size).sum()).isEqualTo(FILES);
    }

    @Test
    void listsALibriSpeechTreeOfTwentyThousandFilesByWalking(@TempDir Path dir) throws IOException {
        // test-clean's shape scaled up: 20 speakers x 10 chapters x 100 utterances, a transcript
        // per chapter.
        for (int i = 0; i < FILES; i++) {
            int speaker = i / 1000;
            int chapter = i / 100 % 10;
            Path folder = dir.resolve("test-clean/" + speaker + "/" + chapter);
            if (i % 100 == 0) {
                Files.createDirectories(folder);
                Files.writeString(folder.resolve(speaker + "-" + chapter + ".trans.txt"), "");
            }
            Files.write(
                    folder.resolve(String.format("%d-%d-%04d.flac", speaker, chapter, i % 100)),
                    new byte[100]);
        }

        LibriSpeechListing listing =
                LibriSpeechListing.list(new Configuration(), dir.toString(), List.of());

        assertThat(listing.audioFiles()).hasSize(FILES);
        assertThat(listing.transcriptFiles()).hasSize(FILES / 100);
        assertThat(listing.misplacedFiles()).isEmpty();
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
