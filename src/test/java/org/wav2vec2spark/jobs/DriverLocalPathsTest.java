package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

class DriverLocalPathsTest {
    private static final Map<String, String> ON_HDFS =
            Map.of("spark.hadoop.fs.defaultFS", "hdfs://namenode:8020");

    @TempDir Path work;

    @Test
    void withTheLocalDefaultFileSystemAPathWithoutSchemeIsLocal() {
        DriverLocalPaths local = DriverLocalPaths.of(Map.of());

        assertThat(local.localPath("--data", "/data/LibriSpeech"))
                .isEqualTo(Path.of("/data/LibriSpeech"));
        assertThat(local.localPath("--data", "file:/data/x")).isEqualTo(Path.of("/data/x"));
        assertThat(local.localPath("--data", "hdfs://nn/data")).isNull();
        assertThat(local.localPath("--data", "")).isNull();
    }

    @Test
    void whenTheDefaultFileSystemIsHdfsOnlyFileUrisAreLocal() {
        DriverLocalPaths local = DriverLocalPaths.of(ON_HDFS);

        assertThat(local.localPath("--data", "/data/LibriSpeech")).isNull();
        assertThat(local.localPath("--data", "runs/x")).isNull();
        assertThat(local.localPath("--data", "file:/opt/w2v/data-samples/model"))
                .isEqualTo(Path.of("/opt/w2v/data-samples/model"));
    }

    @Test
    void theDefaultFileSystemIsReadAsSparkSetsItFromAnySparkHadoopKey() {
        // The deprecated key, which Hadoop maps to fs.defaultFS.
        assertThat(
                        DriverLocalPaths.of(
                                        Map.of("spark.hadoop.fs.default.name", "hdfs://nn:8020"))
                                .localPath("--data", "/data/x"))
                .isNull();
        // spark-submit's --conf arrives as a system property.
        String before = System.setProperty("spark.hadoop.fs.defaultFS", "hdfs://nn:8020");
        try {
            assertThat(DriverLocalPaths.of(Map.of()).localPath("--data", "/data/x")).isNull();
            // The job's own --conf wins.
            assertThat(
                            DriverLocalPaths.of(Map.of("spark.hadoop.fs.defaultFS", "file:///"))
                                    .localPath("--data", "/data/x"))
                    .isEqualTo(Path.of("/data/x"));
        } finally {
            if (before == null) {
                System.clearProperty("spark.hadoop.fs.defaultFS");
            } else {
                System.setProperty("spark.hadoop.fs.defaultFS", before);
            }
        }
    }

    @Test
    void aLocationHadoopCannotReadIsNamedWithItsOption() {
        DriverLocalPaths local = DriverLocalPaths.of(Map.of());

        assertThatThrownBy(() -> local.localPath("--data", "file:data-samples/LibriSpeech"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "--data file:data-samples/LibriSpeech: not a path Hadoop can read (Relative"
                                + " path in absolute URI: file:data-samples/LibriSpeech)");
        assertThatThrownBy(() -> local.localPath("--model", "file://host/m"))
                .hasMessage(
                        "--model file://host/m: not a path Hadoop can read (URI has an authority"
                                + " component)");
        // Said as the shell's, not as a folder "~" that does not exist.
        assertThatThrownBy(() -> local.requireExisting("--data", "~/LibriSpeech"))
                .hasMessageStartingWith("--data ~/LibriSpeech: the shell did not expand '~'");
    }

    @Test
    void aMissingDataPathIsRefusedBeforeSparkOnlyWhenItIsLocal() {
        String missing = work.resolve("missing").toString();

        assertThatThrownBy(
                        () ->
                                EvaluateJob.checkLocalDataBeforeSpark(
                                        DriverLocalPaths.of(Map.of()), "--data", missing))
                .hasMessage("--data " + missing + " does not exist");
        assertThatThrownBy(
                        () ->
                                EvaluateJob.checkLocalDataBeforeSpark(
                                        DriverLocalPaths.of(ON_HDFS), "--data", "file:" + missing))
                .hasMessage("--data file:" + missing + " does not exist");
        // On HDFS it may well exist: the session's listing checks it.
        assertThatCode(
                        () ->
                                EvaluateJob.checkLocalDataBeforeSpark(
                                        DriverLocalPaths.of(ON_HDFS), "--data", missing))
                .doesNotThrowAnyException();
    }
}
