package org.wav2vec2spark.jobs.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

class RunChunkingTest {

    private static final Configuration CONF = new Configuration();

    @TempDir Path dir;

    @Test
    void readsBackWhatItWrote() throws IOException {
        RunChunking chunking = new RunChunking(30, 30.0 / 6);

        chunking.writeTo(CONF, dir.toString());

        assertThat(RunChunking.readFrom(CONF, dir.toString())).isEqualTo(chunking);
        try (var files = Files.list(dir)) {
            // No temporary file is left; the local file system keeps a checksum beside the file.
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(RunChunking.FILE, "." + RunChunking.FILE + ".crc");
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
        assertThat(new RunChunking(20, 20.0 / 6).asOptions())
                .isEqualTo("--chunk-seconds 20 --stride-seconds 3.333");
    }

    @Test
    void aDamagedRecordIsAnErrorNamingTheFile() throws IOException {
        Path file = Files.writeString(dir.resolve(RunChunking.FILE), "{\"chunk_seconds\": 30}");

        assertThatThrownBy(() -> RunChunking.readFrom(CONF, dir.toString()))
                .isInstanceOf(IOException.class)
                .hasMessage(file + " is not a chunking record: no number 'stride_seconds'");
    }
}
