package org.wav2vec2spark.jobs.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

/** One transcribe job at a time per output folder, and none locked out by a killed one. */
class OutputLeaseTest {
    private static final Configuration CONF = new Configuration();

    @TempDir Path dir;

    @Test
    void aSecondJobIsRefusedWhileTheFirstHoldsTheFolder() throws IOException {
        String output = dir.resolve("out").toString();
        Path claim = dir.resolve("out/_RUNNING");

        try (OutputLease first = OutputLease.take(CONF, output, "application one on host-a")) {
            assertThat(claim).hasContent("application one on host-a");
            assertThatThrownBy(() -> OutputLease.take(CONF, output, "application two"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(
                            "--output "
                                    + output
                                    + " is being written by another transcribe job (application"
                                    + " one on host-a; its claim ")
                    .hasMessageEndingWith(
                            " s ago): one job at a time writes an output folder. If no other job"
                                    + " is running, delete that file, or run again in 5 minutes,"
                                    + " when it expires");
        }

        assertThat(claim).doesNotExist();
        try (OutputLease next = OutputLease.take(CONF, output, "application two")) {
            assertThat(claim).hasContent("application two");
        }
    }

    @Test
    void aKilledJobsClaimIsTakenOverOnceItExpires() throws IOException {
        Path claim = Files.createDirectories(dir.resolve("out")).resolve("_RUNNING");
        Files.writeString(claim, "killed application\n");
        Files.setLastModifiedTime(
                claim, FileTime.from(Instant.now().minus(OutputLease.EXPIRY).minusSeconds(5)));

        try (OutputLease lease = OutputLease.take(CONF, dir.resolve("out").toString(), "mine")) {
            assertThat(claim).hasContent("mine");
        }
    }

    @Test
    void aRunningJobRenewsItsClaim() throws Exception {
        Path claim = dir.resolve("out/_RUNNING");
        try (OutputLease lease =
                OutputLease.take(
                        CONF, dir.resolve("out").toString(), "mine", Duration.ofMillis(50))) {
            FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
            Files.setLastModifiedTime(claim, old);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (Files.getLastModifiedTime(claim).equals(old) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }

            assertThat(Files.getLastModifiedTime(claim).toInstant())
                    .isAfter(Instant.now().minus(OutputLease.EXPIRY));
        }
    }

    @Test
    void aFolderTheClaimMadeGoesWithItWhenNothingWasWritten() throws IOException {
        try (OutputLease lease = OutputLease.take(CONF, dir.resolve("new").toString(), "mine")) {
            assertThat(dir.resolve("new")).isDirectory();
        }
        assertThat(dir.resolve("new")).doesNotExist();

        Path kept = Files.createDirectories(dir.resolve("kept"));
        try (OutputLease lease = OutputLease.take(CONF, kept.toString(), "mine")) {
            Files.createDirectories(kept.resolve("run=1"));
        }
        assertThat(kept.resolve("run=1")).isDirectory();
    }
}
