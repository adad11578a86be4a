package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How {@code jobs/lib.sh} sorts a launcher's arguments between spark-submit and the job when {@code
 * SPARK_HOME} is set: spark-submit's options go before the job jar, everything else after it; and
 * what {@code run_job} hands spark-submit or the embedded JVM.
 */
class LauncherArgumentsTest {

    /** spark-submit's options, then the job's, as {@code split_submit_args} sorts them. */
    private record Split(List<String> submit, List<String> job) {}

    @Test
    void sortsTheReadmeClusterCommand() throws Exception {
        Split split =
                split(
                        "--master", "spark://master:7077",
                        "--executor-memory", "8g",
                        "--executor-cores", "4",
                        "--data", "hdfs:///datasets/LibriSpeech",
                        "--model", "hdfs:///models/wav2vec2-large-960h",
                        "--output", "hdfs:///runs/eval",
                        "--config", "conf/librispeech-reproduction.properties");

        assertThat(split.submit())
                .containsExactly(
                        "--master",
                        "spark://master:7077",
                        "--executor-memory",
                        "8g",
                        "--executor-cores",
                        "4");
        // The job reads --master too, so that it wins over the preset's.
        assertThat(split.job())
                .containsExactly(
                        "--master",
                        "spark://master:7077",
                        "--data",
                        "hdfs:///datasets/LibriSpeech",
                        "--model",
                        "hdfs:///models/wav2vec2-large-960h",
                        "--output",
                        "hdfs:///runs/eval",
                        "--config",
                        "conf/librispeech-reproduction.properties");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "--deploy-mode cluster",
                "--deploy-mode=cluster",
                "--conf spark.submit.deployMode=cluster",
                "-c spark.submit.deployMode=cluster"
            })
    void theNightlyCheckRefusesClusterModeWhereItsExitStatusWouldBeLost(String options)
            throws Exception {
        List<String> output =
                bash(
                        "bash jobs/nightly.sh --history h.jsonl --run r \"$@\" 2>&1"
                                + " || echo \"exit $?\"",
                        options.split(" "));

        assertThat(output)
                .containsExactly(
                        "nightly: the check runs its driver in client mode (leave --deploy-mode"
                                + " out): in cluster mode its exit status (0 OK, 1 REGRESSION, 2"
                                + " ERROR) and per-split lines would not reach this shell",
                        "exit 2");
    }

    @Test
    void aPresetsMasterGoesToSparkSubmitUnlessTheCommandLineGivesOne(@TempDir Path dir)
            throws Exception {
        // spark-submit without --master takes the job for local[*] and drops --executor-memory.
        Path preset = dir.resolve("cluster.properties");
        Files.writeString(preset, "data = /corpora\nmaster = yarn\nmaster: spark://m:7077  \n");

        Split fromPreset = split("--config", preset.toString(), "--executor-memory", "8g");
        Split fromCommandLine =
                split(
                        "--config",
                        preset.toString(),
                        "--master",
                        "local[2]",
                        "--executor-memory",
                        "8g");

        // The last of two keys wins, as in Java's Properties; the job reads the preset itself.
        assertThat(fromPreset.submit())
                .containsExactly("--master", "spark://m:7077", "--executor-memory", "8g");
        assertThat(fromPreset.job()).containsExactly("--config", preset.toString());
        assertThat(fromCommandLine.submit())
                .containsExactly("--master", "local[2]", "--executor-memory", "8g");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                // a line of the preset | the master spark-submit gets, as Java's Properties reads
                // it
                "master = spark://m:7077   | spark://m:7077",
                // Properties.store escapes colons
                "master=spark\\://m\\:7077 | spark://m:7077",
                "master yarn              | yarn",
                "master:local[*]          | local[*]",
                "# master = yarn          | ''",
                "masters = yarn           | ''"
            })
    void aPresetsMasterIsReadAsJavasPropertiesReadIt(String line, String master, @TempDir Path dir)
            throws Exception {
        Path preset = Files.writeString(dir.resolve("p.properties"), line.strip() + "\n");

        List<String> submit = split("--config", preset.toString()).submit();

        assertThat(submit).isEqualTo(master.isEmpty() ? List.of() : List.of("--master", master));
    }

    /** Every option the launcher lists, wherever it stands in the list's lines. */
    static List<String> listedValueOptions() throws Exception {
        List<String> words = new ArrayList<>();
        for (String word : bash("printf '%s\\n' $SPARK_SUBMIT_VALUE_OPTIONS")) {
            words.add(word.strip());
        }
        return words;
    }

    @ParameterizedTest(name = "{0} VALUE")
    @MethodSource("listedValueOptions")
    void givesEveryListedOptionAndItsValueToSparkSubmit(String option) throws Exception {
        Split split = split("--data", "d", option, "v w", "--model", "m");

        assertThat(split.submit()).containsExactly(option, "v w");
        if (option.equals("--master")) {
            assertThat(split.job()).containsExactly("--data", "d", option, "v w", "--model", "m");
        } else {
            assertThat(split.job()).containsExactly("--data", "d", "--model", "m");
        }
    }

    @Test
    void readsTheEqualsFormAndFlags() throws Exception {
        Split split =
                split("--master=yarn", "--verbose", "--data=d", "--conf=spark.x=1", "--overwrite");

        assertThat(split.submit())
                .containsExactly("--master=yarn", "--verbose", "--conf=spark.x=1");
        assertThat(split.job()).containsExactly("--master=yarn", "--data=d", "--overwrite");
    }

    @Test
    void leavesAValuelessLastOptionToTheJobToReport() throws Exception {
        Split split = split("--data", "d", "--master");

        assertThat(split.submit()).isEmpty();
        assertThat(split.job()).containsExactly("--data", "d", "--master");
    }

    @Test
    void knowsTheListedWordsAsWholeWords() throws Exception {
        assertThat(listedValueOptions())
                .contains("--master", "--exclude-packages", "--driver-java-options")
                .contains("--executor-cores", "--properties-file", "--keytab")
                .doesNotContain("--data", "--model", "--output");
    }

    @Test
    void namesTheProjectFolderToTheJobsForTheirDefaults() throws Exception {
        // Exported, so the job's JVM (or spark-submit's driver) finds the bundled samples and model
        // from whatever directory the launcher was started in.
        List<String> seen = bash("bash -c 'printf \"%s\\n\" \"$W2V_PROJECT_ROOT\"'");

        assertThat(seen).containsExactly(Path.of("").toAbsolutePath().toString());
    }

    @Test
    void leavesTheDriversAddressToTheClusterUnderSparkSubmit(@TempDir Path dir) throws Exception {
        // A loopback SPARK_LOCAL_IP would make a client-mode driver unreachable from executors.
        List<String> started = launched(dir, true, "--master", "spark://m:7077", "--data", "d");

        assertThat(started).first().isEqualTo("SPARK_LOCAL_IP=unset");
    }

    @Test
    void aSparkHomeWithoutSparkSubmitIsNamedBeforeAnythingRuns(@TempDir Path dir) throws Exception {
        // Without the check, bash's "No such file or directory" and exit 127, even for --help.
        ProcessBuilder builder =
                new ProcessBuilder(
                                "bash",
                                "-c",
                                "source jobs/lib.sh; ensure_built() { echo built; }; run_job Main"
                                        + " --help",
                                "evaluate.sh")
                        .redirectErrorStream(true);
        builder.environment().put("SPARK_HOME", dir.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(output)
                .isEqualTo(
                        "evaluate.sh: SPARK_HOME="
                                + dir
                                + " has no bin/spark-submit: point it at a Spark installation, or"
                                + " unset it to run on the embedded local Spark\n");
    }

    @Test
    void bindsTheEmbeddedSparkToLoopback(@TempDir Path dir) throws Exception {
        List<String> started = launched(dir, false, "--data", "d");

        assertThat(started).first().isEqualTo("SPARK_LOCAL_IP=127.0.0.1");
    }

    @Test
    void theEmbeddedSparkShipsTheJobToAStandaloneClusterItCanReach(@TempDir Path dir)
            throws Exception {
        // Without spark-submit nothing sent the job jar to the executors: every task failed with
        // ClassNotFoundException, four times, and the driver listened on loopback only.
        List<String> started = launched(dir, false, "--master", "spark://m:7077", "--data", "d");

        assertThat(started).first().isEqualTo("SPARK_LOCAL_IP=unset");
        assertThat(started)
                .contains(
                        "arg -Dspark.jars="
                                + dir.resolve("target/wav2vec2-spark-0-job.jar")
                                + ",/libs/libtorch.jar");
        assertThat(launched(dir, false, "--master", "local[2]", "--data", "d"))
                .noneMatch(arg -> arg.startsWith("arg -Dspark.jars"));
        // The jobs take a --conf spark.master before --master.
        assertThat(
                        launched(
                                dir,
                                false,
                                "--master",
                                "local[2]",
                                "--conf",
                                "spark.master=spark://m:7077",
                                "--data",
                                "d"))
                .anyMatch(arg -> arg.startsWith("arg -Dspark.jars="));
    }

    @Test
    void aUsersOwnLoggingConfigurationWinsOverTheProjects(@TempDir Path dir) throws Exception {
        // The JVM takes the last of two -D settings of one property.
        List<String> started =
                launched(
                        dir,
                        false,
                        Map.of("W2V_DRIVER_JAVA_OPTS", "-Dlog4j2.configurationFile=/mine.xml"),
                        "--data",
                        "d");

        List<String> logging =
                started.stream().filter(arg -> arg.contains("log4j2.configurationFile")).toList();
        assertThat(logging).last().isEqualTo("arg -Dlog4j2.configurationFile=/mine.xml");
        assertThat(logging).hasSize(2);
    }

    @Test
    void aLauncherStartedThroughASymbolicLinkFindsTheProject(@TempDir Path dir) throws Exception {
        // Sourcing lib.sh beside the link failed ("No such file or directory", exit 1, which
        // nightly's callers read as a regression); a linked jobs/ folder took its parent for the
        // project and ran Maven there.
        Path linkedScript = dir.resolve("w2v-bench-listing");
        Files.createSymbolicLink(linkedScript, Path.of("jobs/bench-listing.sh").toAbsolutePath());
        Path linkedFolder = dir.resolve("jobs-link");
        Files.createSymbolicLink(linkedFolder, Path.of("jobs").toAbsolutePath());

        List<String> usage = run(dir, linkedScript.toString(), "--help");
        List<String> project =
                run(
                        dir,
                        "bash",
                        "-c",
                        "source \"$1\"; echo \"$PROJECT_ROOT\"",
                        "test",
                        linkedFolder.resolve("lib.sh").toString());

        assertThat(usage).first().asString().startsWith("The driver's listing of a local folder");
        assertThat(project).containsExactly(Path.of("").toAbsolutePath().toString());
    }

    /** The output lines of a command run in {@code dir}, which must exit 0. */
    private static List<String> run(Path dir, String... command) throws Exception {
        Process process =
                new ProcessBuilder(command)
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output.lines().toList();
    }

    @Test
    void runsTheNewestJobJarNotTheFirstByName(@TempDir Path dir) throws Exception {
        // After a version bump without mvn clean, 0.1.0's jar sorts before 0.2.0's.
        Path older = Files.writeString(dir.resolve("wav2vec2-spark-0.1.0-job.jar"), "");
        Path newer = Files.writeString(dir.resolve("wav2vec2-spark-0.2.0-job.jar"), "");
        Files.setLastModifiedTime(older, FileTime.fromMillis(1_000_000));
        Files.setLastModifiedTime(newer, FileTime.fromMillis(2_000_000));
        String script = "TARGET=\"$1\"; job_jar";

        assertThat(bash(script, dir.toString())).containsExactly(newer.toString());
        Files.setLastModifiedTime(older, FileTime.fromMillis(3_000_000));
        assertThat(bash(script, dir.toString())).containsExactly(older.toString());
        Files.delete(older);
        Files.delete(newer);
        assertThat(bash(script, dir.toString())).isEmpty();
    }

    @Test
    void theEmbeddedJvmTakesTheSameLibtorchJarAsSparkSubmit(@TempDir Path dir) throws Exception {
        String spark = ":/libs/spark.jar";
        String jobJar = dir.resolve("target/wav2vec2-spark-0-job.jar").toString();

        assertThat(launched(dir, false, "--data", "d"))
                .contains("arg " + jobJar + ":/libs/libtorch.jar" + spark);
        assertThat(
                        launched(
                                dir,
                                false,
                                Map.of("W2V_LIBTORCH_JAR", "/opt/cu128.jar"),
                                "--data",
                                "d"))
                .contains("arg " + jobJar + ":/opt/cu128.jar" + spark);
        // none: native libraries come from PYTORCH_LIBRARY_PATH, no jar on the classpath.
        assertThat(launched(dir, false, Map.of("W2V_LIBTORCH_JAR", "none"), "--data", "d"))
                .contains("arg " + jobJar + spark);
        // Hadoop's client configuration, for hdfs: and s3a: URIs as on the cluster.
        assertThat(launched(dir, false, Map.of("HADOOP_CONF_DIR", "/etc/hadoop"), "--data", "d"))
                .contains("arg " + jobJar + ":/libs/libtorch.jar" + spark + ":/etc/hadoop");
    }

    @Test
    void shipsLibtorchAndTheUsersJarsInOneJarsOption(@TempDir Path dir) throws Exception {
        // spark-submit keeps only the last --jars: two would leave the executors without libtorch.
        List<String> started =
                launched(
                        dir,
                        true,
                        "--jars",
                        "a.jar",
                        "--data",
                        "d",
                        "--jars=b.jar,c.jar",
                        "--name",
                        "n");

        assertThat(started)
                .containsExactly(
                        "SPARK_LOCAL_IP=unset",
                        "arg --class",
                        "arg Main",
                        "arg --jars",
                        "arg /libs/libtorch.jar,a.jar,b.jar,c.jar",
                        "arg --name",
                        "arg n",
                        "arg " + dir.resolve("target/wav2vec2-spark-0-job.jar"),
                        "arg --data",
                        "arg d");
    }

    @Test
    void shipsOnlyTheUsersJarsWhenTheClusterHasItsOwnLibtorch(@TempDir Path dir) throws Exception {
        List<String> started =
                launched(dir, true, Map.of("W2V_LIBTORCH_JAR", "none"), "--jars", "a.jar");

        assertThat(started)
                .containsExactly(
                        "SPARK_LOCAL_IP=unset",
                        "arg --class",
                        "arg Main",
                        "arg --jars",
                        "arg a.jar",
                        "arg " + dir.resolve("target/wav2vec2-spark-0-job.jar"));
    }

    @Test
    void shipsLibtorchAloneWhenNoJarsAreGiven(@TempDir Path dir) throws Exception {
        List<String> started = launched(dir, true, "--data", "d");

        assertThat(started)
                .containsExactly(
                        "SPARK_LOCAL_IP=unset",
                        "arg --class",
                        "arg Main",
                        "arg --jars",
                        "arg /libs/libtorch.jar",
                        "arg " + dir.resolve("target/wav2vec2-spark-0-job.jar"),
                        "arg --data",
                        "arg d");
    }

    private static Split split(String... args) throws Exception {
        List<String> submit = new ArrayList<>();
        List<String> job = new ArrayList<>();
        String script =
                "split_submit_args \"$@\"; for a in \"${SUBMIT_ARGS[@]}\"; do printf 'submit"
                        + " %s\\n' \"$a\"; done; for a in \"${JOB_ARGS[@]}\"; do printf 'job %s\\n'"
                        + " \"$a\"; done";
        for (String line : bash(script, args)) {
            if (line.startsWith("submit ")) {
                submit.add(line.substring("submit ".length()));
            } else if (line.startsWith("job ")) {
                job.add(line.substring("job ".length()));
            }
        }
        return new Split(submit, job);
    }

    /**
     * What {@code run_job Main ARGS...} starts, with the job jar and classpath files already in
     * place: through a stand-in {@code $SPARK_HOME/bin/spark-submit} when {@code withSparkHome},
     * else through a stand-in {@code $JAVA_HOME/bin/java}. Either prints {@code SPARK_LOCAL_IP=}
     * its value (or {@code unset}), then {@code arg A} for each of its arguments.
     */
    static List<String> launched(Path dir, boolean withSparkHome, String... args)
            throws IOException, InterruptedException {
        return launched(dir, withSparkHome, Map.of(), args);
    }

    /** As {@link #launched(Path, boolean, String...)}, with {@code env} added. */
    static List<String> launched(
            Path dir, boolean withSparkHome, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        Path target = dir.resolve("target");
        Files.createDirectories(target.resolve("classpath"));
        Files.writeString(target.resolve("wav2vec2-spark-0-job.jar"), "");
        Files.writeString(target.resolve("classpath/libtorch.txt"), "/libs/libtorch.jar\n");
        Files.writeString(target.resolve("classpath/spark.txt"), "/libs/spark.jar\n");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String name : List.of("spark-submit", "java")) {
            Path stub = bin.resolve(name);
            Files.writeString(
                    stub,
                    "#!/bin/sh\n"
                            + JavaStandIn.ANSWERS_VERSION_17
                            + "echo \"SPARK_LOCAL_IP=${SPARK_LOCAL_IP-unset}\"\n"
                            + "for a in \"$@\"; do echo \"arg $a\"; done\n");
            assertThat(stub.toFile().setExecutable(true)).isTrue();
        }
        Map<String, String> environment = new HashMap<>();
        environment.put("SPARK_LOCAL_IP", null);
        environment.put("W2V_LIBTORCH_JAR", null);
        environment.put("HADOOP_CONF_DIR", null);
        environment.put("SPARK_HOME", withSparkHome ? dir.toString() : null);
        environment.put("JAVA_HOME", dir.toString());
        environment.putAll(env);
        // The build is taken as done: the stand-in jar and classpath files are the whole target.
        return bash(
                environment,
                "TARGET=\"$1\"; shift; ensure_built() { :; }; run_job Main \"$@\"",
                prepend(target.toString(), args));
    }

    private static String[] prepend(String first, String... rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(Arrays.asList(rest));
        return all.toArray(String[]::new);
    }

    /** Runs {@code script} with {@code jobs/lib.sh} sourced; {@code args} become {@code $@}. */
    private static List<String> bash(String script, String... args)
            throws IOException, InterruptedException {
        return bash(Map.of(), script, args);
    }

    /**
     * As {@link #bash(String, String...)}, with {@code env} changing the environment: a null value
     * removes the variable.
     */
    private static List<String> bash(Map<String, String> env, String script, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.addAll(
                List.of("bash", "-c", "set -euo pipefail; source jobs/lib.sh; " + script, "test"));
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        env.forEach(
                (name, value) -> {
                    if (value == null) {
                        builder.environment().remove(name);
                    } else {
                        builder.environment().put(name, value);
                    }
                });
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output.lines().toList();
    }
}
