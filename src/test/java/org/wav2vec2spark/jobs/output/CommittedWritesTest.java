package org.wav2vec2spark.jobs.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wav2vec2spark.SparkTestBase;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

class CommittedWritesTest extends SparkTestBase {
    @TempDir Path dir;

    private Dataset<Row> rows() {
        return spark.range(3).toDF("n");
    }

    @Test
    void aWriteMarksItsFolderAsCommitted() throws FileAlreadyExistsException {
        String folder = dir.resolve("table").toString();

        CommittedWrites.into(folder, () -> CommittedWrites.of(rows()).parquet(folder));

        assertThat(dir.resolve("table/_SUCCESS")).exists();
        assertThat(spark.read().parquet(folder).count()).isEqualTo(3);
    }

    @Test
    void aFolderThatAnotherRunWroteMeanwhileIsNamedAndKept() throws FileAlreadyExistsException {
        String folder = dir.resolve("shared").toString();
        CommittedWrites.into(folder, () -> CommittedWrites.of(rows()).parquet(folder));

        assertThatThrownBy(
                        () ->
                                CommittedWrites.into(
                                        folder,
                                        () -> CommittedWrites.of(rows().limit(1)).parquet(folder)))
                .isInstanceOf(FileAlreadyExistsException.class)
                .hasMessage(
                        folder
                                + ": appeared while this run was working; is another job writing"
                                + " to the same output? Give each run its own --output");
        assertThat(spark.read().parquet(folder).count()).isEqualTo(3);
    }

    @Test
    void aFailedWriteLeavesNoRowsEvenWhereTasksCommitTheirFilesAtOnce() throws IOException {
        String folder = dir.resolve("failed").toString();
        Dataset<Row> failingInItsSecondPartition =
                spark.range(0, 4, 1, 2)
                        .toDF("n")
                        .mapPartitions(
                                (MapPartitionsFunction<Row, Row>)
                                        rows -> {
                                            if (TaskContext.getPartitionId() == 1) {
                                                // After the first partition's task has committed.
                                                Thread.sleep(3000);
                                                throw new IllegalStateException("bad recording");
                                            }
                                            return rows;
                                        },
                                Encoders.row(rows().schema()));
        var conf = spark.sparkContext().hadoopConfiguration();
        conf.set(CommittedWrites.COMMIT_ALGORITHM, "2");
        try {
            assertThatThrownBy(
                    () ->
                            CommittedWrites.into(
                                    folder,
                                    () ->
                                            CommittedWrites.of(failingInItsSecondPartition)
                                                    .parquet(folder)));
        } finally {
            conf.unset(CommittedWrites.COMMIT_ALGORITHM);
        }

        assertThat(partFiles(Path.of(folder))).isEmpty();
    }

    private static List<Path> partFiles(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(file -> file.getFileName().toString().startsWith("part-")).toList();
        }
    }

    @Test
    void otherFailuresPassUnchanged() {
        IllegalStateException failure = new IllegalStateException("disk full");

        assertThatThrownBy(
                        () ->
                                CommittedWrites.into(
                                        dir.toString(),
                                        () -> {
                                            throw failure;
                                        }))
                .isSameAs(failure);
    }
}
