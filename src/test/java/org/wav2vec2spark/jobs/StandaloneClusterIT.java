package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The job jar submitted through SparkSubmit, as spark-submit does, to a real standalone cluster
 * (Master and Worker JVMs on 127.0.0.1).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class StandaloneClusterIT {
    private static final Path WORK = Path.of("target/standalone-cluster-it").toAbsolutePath();
    private static LocalStandaloneCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        Files.createDirectories(WORK);
        cluster = LocalStandaloneCluster.start(WORK, 2, "3g");
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void submittedJobEvaluatesSamplesWithOneModelLoadPerExecutor() throws Exception {
        Path output = WORK.resolve("run-" + System.nanoTime());
        Process submit =
                cluster.submit(
                        EvaluateJob.class,
                        Map.of(),
                        List.of(
                                "--data",
                                SampleData.ROOT.toString(),
                                "--model",
                                SampleData.MODEL.toString(),
                                "--output",
                                output.toString()),
                        WORK.resolve("submit.log"));

        boolean finished = submit.waitFor(8, TimeUnit.MINUTES);
        String log = Files.readString(WORK.resolve("submit.log"));
        assertThat(finished).as("spark-submit finished; log:%n%s", log).isTrue();
        assertThat(submit.exitValue()).as("exit code; log:%n%s", log).isZero();
        assertThat(log).contains("%WER");

        JsonObject summary =
                JsonParser.parseString(Files.readString(output.resolve("summary.json")))
                        .getAsJsonObject();
        Map<String, Long> utterances = SampleData.utterancesBySplit(SampleData.ROOT);
        Map<String, Long> words = SampleData.referenceWordsBySplit(SampleData.ROOT);
        for (String split : SampleData.splits()) {
            JsonObject totals = summary.getAsJsonObject("splits").getAsJsonObject(split);
            assertThat(totals.get("utterances").getAsLong())
                    .as(split)
                    .isEqualTo(utterances.get(split));
            assertThat(totals.get("failed").getAsLong()).as(split).isZero();
            assertThat(totals.get("words").getAsLong()).as(split).isEqualTo(words.get(split));
            // The bundled model recognises the samples: a mis-joined reference, a lost utterance
            // or a decoding bug on the cluster path pushes WER far past these bounds.
            assertThat(totals.get("wer").getAsDouble())
                    .as(split)
                    .isLessThanOrEqualTo(SampleData.maxWer(split));
            assertThat(totals.get("cer").getAsDouble())
                    .as(split)
                    .isLessThanOrEqualTo(SampleData.maxCer(split));
        }
        JsonObject run = summary.getAsJsonObject("run");
        assertThat(run.get("spark_master").getAsString()).isEqualTo(cluster.masterUrl());
        assertThat(run.get("executors").getAsInt()).isEqualTo(1);
        assertThat(run.get("model_loads").getAsLong())
                .as("one load on the one executor")
                .isEqualTo(1);
    }

    /**
     * The README's cluster command: {@code jobs/evaluate.sh} with SPARK_HOME set hands
     * spark-submit's options to spark-submit and the rest to the job. {@code --executor-cores 1} on
     * a two-core Worker gives two executors, so it must have reached spark-submit.
     */
    @Test
    void launcherWithSparkHomeSubmitsTheReadmeCommand() throws Exception {
        Path output = WORK.resolve("launcher-" + System.nanoTime());
        Path log = WORK.resolve("launcher.log");
        ProcessBuilder builder =
                new ProcessBuilder(
                                "jobs/evaluate.sh",
                                "--master",
                                cluster.masterUrl(),
                                "--executor-memory",
                                "1200m",
                                "--executor-cores",
                                "1",
                                "--conf",
                                "spark.driver.host=127.0.0.1",
                                "--conf",
                                "spark.ui.enabled=false",
                                // Both executors up before the first task, so each gets one.
                                "--conf",
                                "spark.scheduler.minRegisteredResourcesRatio=1.0",
                                "--conf=spark.executorEnv.DJL_OFFLINE=true",
                                "--data",
                                SampleData.ROOT.toString(),
                                "--model",
                                SampleData.MODEL.toString(),
                                "--output",
                                output.toString(),
                                "--config",
                                "conf/samples.properties")
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
        cluster.configure(builder);

        JsonObject run = summaryOfLauncher(builder, log, output).getAsJsonObject("run");
        assertThat(run.get("spark_master").getAsString()).isEqualTo(cluster.masterUrl());
        assertThat(run.get("executors").getAsInt()).as("--executor-cores 1 of 2").isEqualTo(2);
        assertThat(run.get("model_loads").getAsLong()).as("one load per executor").isEqualTo(2);
    }

    /**
     * {@code jobs/evaluate.sh --master spark://...} without SPARK_HOME: the embedded Spark driver
     * sends the job jar and libtorch to the cluster's executors itself. Before, nothing sent them,
     * and every task failed with ClassNotFoundException.
     */
    @Test
    void launcherWithoutSparkHomeShipsTheJobToTheCluster() throws Exception {
        Path output = WORK.resolve("embedded-" + System.nanoTime());
        Path log = WORK.resolve("embedded.log");
        ProcessBuilder builder =
                new ProcessBuilder(
                                "jobs/evaluate.sh",
                                "--master",
                                cluster.masterUrl(),
                                "--conf",
                                "spark.executor.memory=1200m",
                                "--conf",
                                "spark.driver.host=127.0.0.1",
                                "--conf",
                                "spark.ui.enabled=false",
                                "--conf",
                                "spark.executorEnv.DJL_OFFLINE=true",
                                "--splits",
                                "test-clean",
                                "--output",
                                output.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
        cluster.configure(builder);
        builder.environment().remove("SPARK_HOME");

        JsonObject summary = summaryOfLauncher(builder, log, output);
        assertThat(summary.getAsJsonObject("run").get("spark_master").getAsString())
                .isEqualTo(cluster.masterUrl());
        assertThat(
                        summary.getAsJsonObject("splits")
                                .getAsJsonObject("test-clean")
                                .get("utterances")
                                .getAsLong())
                .isEqualTo(SampleData.utterancesBySplit(SampleData.ROOT).get("test-clean"));
    }

    /** Runs {@code jobs/evaluate.sh} to its end, which must be exit 0, and reads its summary. */
    private static JsonObject summaryOfLauncher(ProcessBuilder builder, Path log, Path output)
            throws Exception {
        Process launcher = builder.start();
        boolean finished = launcher.waitFor(8, TimeUnit.MINUTES);
        String text = Files.readString(log);
        assertThat(finished).as("jobs/evaluate.sh finished; log:%n%s", text).isTrue();
        assertThat(launcher.exitValue()).as("exit code; log:%n%s", text).isZero();
        return JsonParser.parseString(Files.readString(output.resolve("summary.json")))
                .getAsJsonObject();
    }
}
