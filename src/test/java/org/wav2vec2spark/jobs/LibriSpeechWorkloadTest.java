package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wav2vec2spark.ExternalCommand;
import org.wav2vec2spark.audio.FlacDecoder;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

class LibriSpeechWorkloadTest {
    @TempDir Path temp;

    @Test
    void drawsTestCleansLengths() {
        List<Double> lengths = LibriSpeechWorkload.drawLengths(5.4, 1);

        double mean = lengths.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        // test-clean: 2620 utterances in 5.4 h, 7.4 s on average; the log-normal's mean is
        // 6.0 * exp(0.65^2 / 2) = 7.41 s before clipping to [1.3, 35].
        assertThat(lengths.size()).isBetween(2500, 2740);
        assertThat(mean).isBetween(7.1, 7.7);
        assertThat(lengths).allMatch(s -> s >= 1.3 && s <= 35.0);
        assertThat(LibriSpeechWorkload.drawLengths(5.4, 1)).isEqualTo(lengths);
    }

    @Test
    void writesALibriSpeechSplitWithTheDrawnLengths() throws Exception {
        List<Double> lengths = LibriSpeechWorkload.write(SampleData.ROOT, temp, 0.01, 3);

        List<Path> flacs;
        try (Stream<Path> files = Files.walk(temp.resolve("test-clean"))) {
            flacs = files.filter(f -> f.toString().endsWith(".flac")).sorted().toList();
        }
        assertThat(flacs).hasSize(lengths.size());
        for (int i = 0; i < flacs.size(); i++) {
            try (InputStream in = Files.newInputStream(flacs.get(i))) {
                assertThat(FlacDecoder.readStreamInfo(in, "x").totalSamples())
                        .isEqualTo(Math.round(lengths.get(i) * 16_000));
            }
        }
        assertThat(SampleData.utterancesBySplit(temp))
                .containsEntry("test-clean", (long) lengths.size());
        // One transcript line with words per file.
        assertThat(SampleData.referenceWordsBySplit(temp).get("test-clean"))
                .isGreaterThanOrEqualTo(lengths.size());
        ExternalCommand.run(
                Stream.concat(
                                Stream.of("flac", "-t", "--silent"),
                                flacs.stream().map(Path::toString))
                        .toList());
    }

    @Test
    void aWorkloadOfOtherSettingsIsReplacedWhole() throws Exception {
        List<Double> larger = LibriSpeechWorkload.write(SampleData.ROOT, temp, 0.02, 3);
        List<Double> smaller = LibriSpeechWorkload.write(SampleData.ROOT, temp, 0.01, 3);

        assertThat(smaller.size()).isLessThan(larger.size());
        assertThat(SampleData.utterancesBySplit(temp))
                .containsEntry("test-clean", (long) smaller.size());
    }

    @Test
    void aTestCleanItDidNotWriteIsRefusedNotReplaced() throws Exception {
        Path real = Files.createDirectories(temp.resolve("test-clean/1/10"));
        Files.writeString(real.resolve("1-10.trans.txt"), "1-10-0000 REAL DATA\n");

        assertThatThrownBy(() -> LibriSpeechWorkload.write(SampleData.ROOT, temp, 0.01, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is no workload of this benchmark");
        assertThat(real.resolve("1-10.trans.txt")).exists();
    }
}
