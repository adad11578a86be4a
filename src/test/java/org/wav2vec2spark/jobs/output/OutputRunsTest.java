package org.wav2vec2spark.jobs.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The checks of an output folder made before a transcribe job takes its lock. */
class OutputRunsTest {
    private static final Configuration CONF = new Configuration();

    @TempDir Path dir;

    @Test
    void aNewFolderOrOneOfRunsMayHoldRuns() throws IOException {
        Path runs = Files.createDirectories(dir.resolve("runs/run=1"));

        assertThatCode(
                        () ->
                                OutputRuns.requireOutputFolder(
                                        CONF, dir.resolve("new/out").toString()))
                .doesNotThrowAnyException();
        assertThatCode(() -> OutputRuns.requireOutputFolder(CONF, runs.getParent().toString()))
                .doesNotThrowAnyException();
    }

    @Test
    void aFileOrAFolderBelowOneIsAUsageError() throws IOException {
        Path file = Files.writeString(dir.resolve("afile"), "x");

        assertThatThrownBy(() -> OutputRuns.requireOutputFolder(CONF, file.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--output " + file + " is a file");
        assertThatThrownBy(
                        () ->
                                OutputRuns.requireOutputFolder(
                                        CONF, file.resolve("sub/out").toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "--output "
                                + file.resolve("sub/out")
                                + " cannot be made: file:"
                                + file
                                + " is a file");
    }

    @Test
    void aFolderHoldingMoreThanRunsIsRefusedBeforeTheLockIsTaken() throws IOException {
        // Checked before the lock: on a folder the job may not write, the usage error is the one
        // to give, not the lock's write error.
        Path evaluateRun = Files.createDirectories(dir.resolve("evaluated/utterances"));

        assertThatThrownBy(
                        () ->
                                OutputRuns.requireOutputFolder(
                                        CONF, evaluateRun.getParent().toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds more than transcribe runs (utterances)");
        assertThatThrownBy(
                        () ->
                                OutputRuns.requireOutputFolder(
                                        CONF, dir.resolve("o/run=3").toString()))
                .hasMessageContaining("is one run of a transcribe output; give its folder, ");
    }

    @Test
    void aTablePartitionedByRunIsRefusedRatherThanItsPartitionsDeletedAsUnfinishedRuns()
            throws IOException {
        // As spark.range(2).withColumn("run", lit(1)).write().partitionBy("run") leaves it.
        Path table = Files.createDirectories(dir.resolve("table"));
        Files.createDirectories(table.resolve("run=1"));
        Files.writeString(table.resolve("run=1/part-00000.snappy.parquet"), "rows");
        Files.writeString(table.resolve("_SUCCESS"), "");

        assertThatThrownBy(() -> OutputRuns.requireOutputFolder(CONF, table.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "--output "
                                + table
                                + " holds _SUCCESS, so it is a table another job wrote (its"
                                + " run=<n>/ folders, if any, are partitions of it, not transcribe"
                                + " runs); transcribe adds run=<n>/ folders to a folder of its"
                                + " own, so choose another --output");
        assertThatThrownBy(() -> OutputRuns.scan(CONF, table.toString()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(table.resolve("run=1/part-00000.snappy.parquet")).exists();
    }
}
