package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wav2vec2spark.SparkTestBase;
import org.wav2vec2spark.data.TarGzFixtures;
import org.wav2vec2spark.jobs.cli.BundledDefaults;
import org.wav2vec2spark.jobs.output.OutputLock;
import org.wav2vec2spark.jobs.output.OutputWriteException;
import org.wav2vec2spark.jobs.output.RacingAcquires;
import org.wav2vec2spark.jobs.output.TranscribeSummary;
import org.wav2vec2spark.model.ModelCache;
import org.wav2vec2spark.report.RunSummary;
import org.wav2vec2spark.report.SplitSummary;

import java.io.IOException;
import java.nio.file.Files;
import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Both jobs with every input, the model and every output on HDFS: a one-datanode MiniDFSCluster
 * (hadoop-client-minicluster, the Hadoop version Spark's client is built from) in this JVM; and the
 * evaluate job with HDFS as the default file system, as on a cluster whose {@code core-site.xml}
 * names it.
 */
class HdfsJobsTest extends SparkTestBase {
    @TempDir static java.nio.file.Path local;

    private static MiniDFSCluster cluster;
    private static FileSystem hdfs;
    private static String root;

    @BeforeAll
    static void startHdfs() throws IOException {
        Configuration conf = new Configuration();
        cluster =
                new MiniDFSCluster.Builder(conf, local.resolve("dfs").toFile())
                        .numDataNodes(1)
                        .build();
        cluster.waitActive();
        hdfs = cluster.getFileSystem();
        root = cluster.getURI().toString();
        hdfs.copyFromLocalFile(
                new Path(SampleData.ROOT.toUri()), new Path(root + "/data/LibriSpeech"));
        hdfs.copyFromLocalFile(new Path(SampleData.MODEL.toUri()), new Path(root + "/models/tiny"));
        java.nio.file.Path archive =
                TarGzFixtures.packSplit(
                        SampleData.ROOT,
                        "test-other",
                        Comparator.naturalOrder(),
                        local.resolve("test-other.tar.gz"));
        hdfs.copyFromLocalFile(
                new Path(archive.toUri()), new Path(root + "/archives/test-other.tar.gz"));
    }

    @AfterAll
    static void stopHdfs() {
        ModelCache.closeAll();
        if (cluster != null) {
            cluster.shutdown();
        }
    }

    @Test
    void evaluatesFromAndIntoHdfsWithTheModelCopiedFromIt() throws IOException {
        String output = root + "/runs/evaluate";
        // The executor-local copy ModelLocation makes of a remote model, named by the driver's
        // digest of its files: removed first, so this run copies the model from HDFS.
        String filesDigest =
                ModelSource.resolve(hdfs.getConf(), root + "/models/tiny").location().filesDigest();
        java.nio.file.Path cache =
                java.nio.file.Path.of(
                        System.getProperty("java.io.tmpdir"), "wav2vec2-spark-models", filesDigest);
        deleteRecursively(cache);
        ModelCache.closeAll();

        RunSummary summary =
                EvaluateJob.run(
                        spark,
                        EvaluateOptionsParser.parse(
                                "--data",
                                root + "/data/LibriSpeech",
                                "--model",
                                root + "/models/tiny",
                                "--output",
                                output,
                                "--device",
                                "cpu"));

        Map<String, Long> words = SampleData.referenceWordsBySplit(SampleData.ROOT);
        Map<String, Long> utterances = SampleData.utterancesBySplit(SampleData.ROOT);
        for (String name : SampleData.splits()) {
            SplitSummary split = summary.splits().get(name);
            assertThat(split.utterances()).as(name).isEqualTo(utterances.get(name));
            assertThat(split.failed()).as(name).isZero();
            assertThat(split.words().referenceLength()).as(name).isEqualTo(words.get(name));
        }
        assertThat(summary.model().uri()).isEqualTo(root + "/models/tiny");
        assertThat(cache.resolve("model.pt"))
                .hasSameBinaryContentAs(SampleData.MODEL.resolve("model.pt"));
        assertThat(hdfs.exists(new Path(output + "/summary.json"))).isTrue();
        assertThat(hdfs.exists(new Path(output + "/utterances/_SUCCESS"))).isTrue();
        assertThat(spark.read().parquet(output + "/utterances").count()).isEqualTo(60);
        assertThat(
                        spark.read()
                                .parquet(output + "/utterances")
                                .filter("audio_uri like 'hdfs://%'")
                                .count())
                .isEqualTo(60);
    }

    private static void deleteRecursively(java.nio.file.Path path) throws IOException {
        if (Files.exists(path)) {
            try (Stream<java.nio.file.Path> files = Files.walk(path)) {
                for (java.nio.file.Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    @Test
    void transcribesAFolderAndAnArchiveFromAndIntoHdfs() throws IOException {
        String output = root + "/runs/transcribe";

        TranscribeSummary summary =
                TranscribeJob.run(
                        spark,
                        TranscribeOptionsParser.parse(
                                "--input", root + "/data/LibriSpeech/test-clean",
                                "--input", root + "/archives/test-other.tar.gz",
                                "--model", root + "/models/tiny",
                                "--output", output,
                                "--device", "cpu"));

        assertThat(summary.transcribed()).isEqualTo(60);
        assertThat(summary.failed()).isZero();
        assertThat(hdfs.exists(new Path(summary.runUri() + "/_SUCCESS"))).isTrue();
        Dataset<Row> rows = spark.read().parquet(output);
        assertThat(rows.filter("status = 'ok' and source like 'hdfs://%'").count()).isEqualTo(60);
        assertThat(rows.filter("member is not null").count()).isEqualTo(30);
        assertThat(hdfs.exists(new Path(output, OutputLock.NAME))).isFalse();
    }

    @Test
    void theOutputLockOnHdfsKeepsASecondJobOut() throws IOException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        String output = root + "/runs/locked";

        try (OutputLock first = OutputLock.acquire(conf, output)) {
            assertThatThrownBy(() -> OutputLock.acquire(conf, output))
                    .isInstanceOf(OutputWriteException.class)
                    .hasMessageContaining("another job is writing to it");
        }
        OutputLock.acquire(conf, output).close();
        assertThat(hdfs.exists(new Path(output))).isFalse();
    }

    @Test
    void ofJobsStartingTogetherOnHdfsOneTakesTheLockAndOneTakesAStaleOneOver() throws Exception {
        // HDFS answers a create racing another client's open one with AlreadyBeingCreatedException.
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        String output = root + "/runs/raced";
        List<OutputLock> fresh = RacingAcquires.of(conf, output, 4);
        assertThat(fresh).hasSize(1);
        fresh.get(0).close();

        String stale = root + "/runs/stale";
        Path lock = new Path(stale, OutputLock.NAME);
        try (FSDataOutputStream out = hdfs.create(lock)) {
            out.writeBytes("left by a job killed outright");
        }
        long old = System.currentTimeMillis() - OutputLock.STALE_AFTER.toMillis() - 60_000;
        hdfs.setTimes(lock, old, -1);
        List<OutputLock> takenOver = RacingAcquires.of(conf, stale, 4);
        assertThat(takenOver).hasSize(1);
        takenOver.get(0).close();
        assertThat(hdfs.exists(lock)).isFalse();
        assertThat(hdfs.exists(new Path(stale, OutputLock.NAME + ".takeover"))).isFalse();
    }

    @Test
    void withHdfsAsTheDefaultFileSystemPathsWithoutASchemeAreOnHdfsAndTheBundledModelIsLocal()
            throws IOException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        String defaultFs = conf.get(FileSystem.FS_DEFAULT_NAME_KEY);
        conf.set(FileSystem.FS_DEFAULT_NAME_KEY, root);
        RunSummary summary;
        try {
            summary =
                    EvaluateJob.run(
                            spark,
                            EvaluateOptionsParser.parse(
                                    new BundledDefaults(
                                            java.nio.file.Path.of(""), LocalDateTime.now()),
                                    "--data",
                                    "/data/LibriSpeech",
                                    "--output",
                                    "/runs/default-fs",
                                    "--splits",
                                    "test-clean",
                                    "--device",
                                    "cpu"));
        } finally {
            conf.set(FileSystem.FS_DEFAULT_NAME_KEY, defaultFs);
        }

        assertThat(summary.model().uri()).isEqualTo("file:" + SampleData.MODEL);
        assertThat(summary.splits().get("test-clean").utterances())
                .isEqualTo(SampleData.utterancesBySplit(SampleData.ROOT).get("test-clean"));
        assertThat(hdfs.exists(new Path(root + "/runs/default-fs/summary.json"))).isTrue();
    }
}
