package org.wav2vec2spark.jobs.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wav2vec2spark.SparkTestBase;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;

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
