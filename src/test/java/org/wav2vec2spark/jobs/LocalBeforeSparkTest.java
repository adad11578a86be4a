package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

class LocalBeforeSparkTest {
    private static final Map<String, String> ON_HDFS =
            Map.of("spark.hadoop.fs.defaultFS", "hdfs://namenode:8020");

    @TempDir Path work;

    @Test
    void withTheLocalDefaultFileSystemAPathWithoutSchemeIsLocal() {
        LocalBeforeSpark local = LocalBeforeSpark.of(Map.of());

        assertThat(local.localPath("/data/LibriSpeech")).isEqualTo(Path.of("/data/LibriSpeech"));
        assertThat(local.localPath("file:/data/x")).isEqualTo(Path.of("/data/x"));
        assertThat(local.localPath("hdfs://nn/data")).isNull();
        assertThat(local.localPath("")).isNull();
    }

    @Test
    void whenTheDefaultFileSystemIsHdfsOnlyFileUrisAreLocal() {
        LocalBeforeSpark local = LocalBeforeSpark.of(ON_HDFS);

        assertThat(local.localPath("/data/LibriSpeech")).isNull();
        assertThat(local.localPath("runs/x")).isNull();
        assertThat(local.localPath("file:/opt/w2v/data-samples/model"))
                .isEqualTo(Path.of("/opt/w2v/data-samples/model"));
    }

    @Test
    void theDefaultFileSystemIsReadAsSparkSetsItFromAnySparkHadoopKey() {
        // The deprecated key, which Hadoop maps to fs.defaultFS.
        assertThat(
                        LocalBeforeSpark.of(
                                        Map.of("spark.hadoop.fs.default.name", "hdfs://nn:8020"))
                                .localPath("/data/x"))
                .isNull();
        // spark-submit's --conf arrives as a system property.
        System.setProperty("spark.hadoop.fs.defaultFS", "hdfs://nn:8020");
        try {
            assertThat(LocalBeforeSpark.of(Map.of()).localPath("/data/x")).isNull();
            // The job's own --conf wins.
            assertThat(
                            LocalBeforeSpark.of(Map.of("spark.hadoop.fs.defaultFS", "file:///"))
                                    .localPath("/data/x"))
                    .isEqualTo(Path.of("/data/x"));
        } finally {
            System.clearProperty("spark.hadoop.fs.defaultFS");
        }
    }

    @Test
    void aMissingDataPathIsRefusedBeforeSparkOnlyWhenItIsLocal() {
        String missing = work.resolve("missing").toString();

        assertThatThrownBy(
                        () ->
                                EvaluateJob.checkLocalDataBeforeSpark(
                                        LocalBeforeSpark.of(Map.of()), missing))
                .hasMessage("--data " + missing + " does not exist");
        assertThatThrownBy(
                        () ->
                                EvaluateJob.checkLocalDataBeforeSpark(
                                        LocalBeforeSpark.of(ON_HDFS), "file:" + missing))
                .hasMessage("--data file:" + missing + " does not exist");
        // On HDFS it may well exist: the session's listing checks it.
        assertThatCode(
                        () ->
                                EvaluateJob.checkLocalDataBeforeSpark(
                                        LocalBeforeSpark.of(ON_HDFS), missing))
                .doesNotThrowAnyException();
    }
}
