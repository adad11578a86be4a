package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How {@code jobs/lib.sh} sorts a launcher's arguments between spark-submit and the job when {@code
 * SPARK_HOME} is set: spark-submit's options go before the job jar, everything else after it.
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
        assertThat(split.job())
                .containsExactly(
                        "--data",
                        "hdfs:///datasets/LibriSpeech",
                        "--model",
                        "hdfs:///models/wav2vec2-large-960h",
                        "--output",
                        "hdfs:///runs/eval",
                        "--config",
                        "conf/librispeech-reproduction.properties");
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
        assertThat(split.job()).containsExactly("--data", "d", "--model", "m");
    }

    @Test
    void readsTheEqualsFormAndFlags() throws Exception {
        Split split =
                split("--master=yarn", "--verbose", "--data=d", "--conf=spark.x=1", "--overwrite");

        assertThat(split.submit())
                .containsExactly("--master=yarn", "--verbose", "--conf=spark.x=1");
        assertThat(split.job()).containsExactly("--data=d", "--overwrite");
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

    /** Runs {@code script} with {@code jobs/lib.sh} sourced; {@code args} become {@code $@}. */
    private static List<String> bash(String script, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.addAll(
                List.of("bash", "-c", "set -euo pipefail; source jobs/lib.sh; " + script, "test"));
        command.addAll(Arrays.asList(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output.lines().toList();
    }
}
