package org.wav2vec2spark.jobs.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.wav2vec2spark.jobs.TranscribeOptions;
import org.wav2vec2spark.jobs.TranscribeOptionsParser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

class RunChunkingTest {

    private static final Configuration CONF = new Configuration();

    @TempDir Path dir;

    @Test
    void readsBackWhatItWrote() throws IOException {
        RunChunking chunking = new RunChunking(30, 30.0 / 6);

        chunking.writeTo(CONF, dir.toString());

        assertThat(RunChunking.readFrom(CONF, dir.toString())).isEqualTo(chunking);
        try (var files = Files.list(dir)) {
            // No temporary file is left, nor a checksum file of Hadoop's.
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactly(RunChunking.FILE);
        }
    }

    @Test
    void aRunWithoutTheFileRecordsNoChunking() throws IOException {
        assertThat(RunChunking.readFrom(CONF, dir.toString())).isNull();
    }

    @Test
    void withoutWindowsTheStrideIsNoPartOfTheChunking() {
        assertThat(new RunChunking(0, 5)).isEqualTo(new RunChunking(0, 0));
        assertThat(new RunChunking(0, 5).asOptions()).isEqualTo("--chunk-seconds 0");
        // The default stride is left out, so the options read back as the same chunking.
        assertThat(new RunChunking(20, 20.0 / 6).asOptions()).isEqualTo("--chunk-seconds 20");
        assertThat(new RunChunking(20, 2.5).asOptions())
                .isEqualTo("--chunk-seconds 20 --stride-seconds 2.5");
        assertThat(new RunChunking(10, 10.0 / 3).asOptions())
                .isEqualTo("--chunk-seconds 10 --stride-seconds 3.3333333333333335");
    }

    @Test
    void theOptionsItSuggestsReadBackAsTheSameChunking() {
        // The refusal of a rerun suggests these options: typed back, they must be accepted.
        for (RunChunking chunking :
                List.of(
                        new RunChunking(20, 20.0 / 6),
                        new RunChunking(10, 10.0 / 3),
                        new RunChunking(30, 5),
                        new RunChunking(0, 0))) {
            List<String> args =
                    new ArrayList<>(List.of("--input", "a", "--model", "m", "--output", "o"));
            args.addAll(List.of(chunking.asOptions().split(" ")));

            TranscribeOptions options = TranscribeOptionsParser.parse(args.toArray(String[]::new));

            assertThat(new RunChunking(options.chunkSeconds(), options.strideSeconds()))
                    .as(chunking.asOptions())
                    .isEqualTo(chunking);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"chunk_seconds\": 30} | 'stride_seconds' is missing, not a number",
                "{\"chunk_seconds\": \"30\", \"stride_seconds\": 5}"
                        + " | 'chunk_seconds' is \"30\", not a number",
                "{\"chunk_seconds\": true, \"stride_seconds\": 5}"
                        + " | 'chunk_seconds' is true, not a number",
                "{\"chunk_seconds\": -30, \"stride_seconds\": 5}"
                        + " | 'chunk_seconds' is -30, not seconds >= 0",
                "{\"chunk_seconds\": 30, \"stride_seconds\": 5e999}"
                        + " | 'stride_seconds' is 5e999, not seconds >= 0",
                "[30, 5] | not a JSON object but [30,5]",
            })
    void aDamagedRecordIsAnErrorNamingTheFileAndTheValue(String json, String reason)
            throws IOException {
        Path file = Files.writeString(dir.resolve(RunChunking.FILE), json);

        assertThatThrownBy(() -> RunChunking.readFrom(CONF, dir.toString()))
                .isInstanceOf(IOException.class)
                .hasMessage(file + " is not a chunking record: " + reason);
    }
}
