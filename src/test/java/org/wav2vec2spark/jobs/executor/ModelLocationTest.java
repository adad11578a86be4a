package org.wav2vec2spark.jobs.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

/**
 * Where executors find the model: local paths as Hadoop prints them, and the executor-local copy of
 * a remote model directory, with a local folder posing as remote.
 */
class ModelLocationTest {

    private static final String SHA256 = "0123abcd";

    /** Runs while the copy lists the source: what another executor JVM does meanwhile. */
    private static volatile Runnable whileListing = () -> {};

    @TempDir Path tmp;
    private String previousTmpdir;

    @BeforeEach
    void useOwnTmpdir() {
        previousTmpdir = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", tmp.resolve("executor-tmp").toString());
    }

    @AfterEach
    void restoreTmpdir() {
        System.setProperty("java.io.tmpdir", previousTmpdir);
        whileListing = () -> {};
    }

    @Test
    void copiesARemoteDirectoryOnceAndReusesIt() throws IOException {
        ModelLocation location = new ModelLocation(remoteModel(), SHA256);

        Path first = location.resolveOnExecutor(conf());
        Path second = location.resolveOnExecutor(conf());

        assertThat(second).isEqualTo(first);
        assertThat(first.resolve("model.json")).hasContent("{}");
    }

    @Test
    void takesTheCopyAnotherExecutorFinishedFirst() throws IOException {
        ModelLocation location = new ModelLocation(remoteModel(), SHA256);
        Path cache = tmp.resolve("executor-tmp").resolve("wav2vec2-spark-models").resolve(SHA256);
        // Executors on one host share java.io.tmpdir, and the class lock is per JVM: another
        // executor's copy can land between this one's check and its rename.
        whileListing =
                () -> {
                    try {
                        Files.createDirectories(cache);
                        Files.writeString(cache.resolve("model.json"), "{}");
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                };

        Path resolved = location.resolveOnExecutor(conf());

        assertThat(resolved).isEqualTo(cache);
        assertThat(cache.resolve("model.json")).hasContent("{}");
        try (Stream<Path> entries = Files.list(cache.getParent())) {
            assertThat(entries).as("no half-copied directory left behind").containsExactly(cache);
        }
    }

    @Test
    void aFailedCopyLeavesNothingBehind() throws IOException {
        ModelLocation location = new ModelLocation(remoteModel(), SHA256);
        Path models = tmp.resolve("executor-tmp").resolve("wav2vec2-spark-models");
        whileListing =
                () -> {
                    throw new java.io.UncheckedIOException(new IOException("connection reset"));
                };

        assertThatThrownBy(() -> location.resolveOnExecutor(conf()))
                .hasRootCauseMessage("connection reset");
        try (Stream<Path> entries = Files.list(models)) {
            assertThat(entries).as("partial copies left in " + models).isEmpty();
        }
    }

    @Test
    void aCopyDeletesThePartialCopiesKilledExecutorsLeft() throws IOException {
        Path models = Files.createDirectories(tmp.resolve("executor-tmp/wav2vec2-spark-models"));
        Path left = Files.createDirectories(models.resolve("." + SHA256 + "42"));
        FileTime yesterday = FileTime.from(Instant.now().minus(Duration.ofDays(1)));
        Files.setLastModifiedTime(
                Files.writeString(left.resolve("model.pt"), "half the weights"), yesterday);
        Files.setLastModifiedTime(left, yesterday);

        Path copy = new ModelLocation(remoteModel(), SHA256).resolveOnExecutor(conf());

        try (Stream<Path> entries = Files.list(models)) {
            assertThat(entries).containsExactly(copy);
        }
    }

    private String remoteModel() throws IOException {
        Path source = Files.createDirectories(tmp.resolve("remote"));
        Files.writeString(source.resolve("model.json"), "{}");
        return "racefs://" + source;
    }

    private static Configuration conf() {
        Configuration conf = new Configuration(false);
        conf.set("fs.racefs.impl", RaceFileSystem.class.getName());
        conf.setBoolean("fs.racefs.impl.disable.cache", true);
        return conf;
    }

    /** The local file system under the scheme {@code racefs}, so ModelLocation copies from it. */
    public static final class RaceFileSystem extends RawLocalFileSystem {
        @Override
        public URI getUri() {
            return URI.create("racefs:///");
        }

        @Override
        public String getScheme() {
            return "racefs";
        }

        @Override
        public FileStatus[] listStatus(org.apache.hadoop.fs.Path path) throws IOException {
            FileStatus[] statuses = super.listStatus(path);
            whileListing.run();
            return statuses;
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            nullValues = "null",
            value = {
                // uri as Hadoop prints it | local path
                "/models/a b | /models/a b",
                "file:/models/a b | /models/a b",
                "file:///models/a b | /models/a b",
                // a literal percent sign, not an escape
                "file:/models/p%20c | /models/p%20c",
                "file:/models/h#é | /models/h#é",
                "hdfs://nn/models/a b | null",
            })
    void localPathTakesHadoopPathStrings(String uri, String expected) {
        assertThat(ModelLocation.localPath(uri))
                .isEqualTo(expected == null ? null : Path.of(expected));
    }
}
