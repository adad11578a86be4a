package org.wav2vec2spark.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The three lists of spark-submit's options agree: Spark's own (its launcher's {@code
 * SparkSubmitOptionParser}, of the Spark version the project builds with), the launcher's ({@code
 * SPARK_SUBMIT_VALUE_OPTIONS} and {@code SPARK_SUBMIT_FLAGS} in {@code jobs/lib.sh}, which send
 * them to spark-submit), and {@link OptionTable}'s, which names them when one reaches a job.
 */
class SparkSubmitOptionsTest {

    /** spark-submit options that take a value and the launcher leaves out, and why. */
    private static final Set<String> VALUE_OPTIONS_NOT_FORWARDED =
            Set.of(
                    "--class", // the launcher gives the job's class itself
                    "--kill", // kills a submission instead of making one
                    "--status"); // asks after a submission instead of making one

    /** spark-submit flags the launcher leaves out, and why. */
    private static final Set<String> FLAGS_NOT_FORWARDED =
            Set.of(
                    "--help", // the job's own --help
                    "-h", // likewise
                    "--version", // not a submission
                    "--usage-error"); // spark-submit's internal

    /** spark-submit options the jobs also take themselves when run on the embedded Spark. */
    private static final Set<String> TAKEN_BY_THE_JOBS = Set.of("--master", "--conf");

    @Test
    void theLauncherSendsSparkSubmitEveryValueOptionOfSpark() throws Exception {
        Set<String> expected = sparkOptions("opts");
        expected.removeAll(VALUE_OPTIONS_NOT_FORWARDED);

        assertThat(launcherList("SPARK_SUBMIT_VALUE_OPTIONS"))
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void theLauncherSendsSparkSubmitEveryFlagOfSpark() throws Exception {
        Set<String> expected = sparkOptions("switches");
        expected.removeAll(FLAGS_NOT_FORWARDED);

        assertThat(launcherList("SPARK_SUBMIT_FLAGS"))
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void jobsNameEveryLongOptionTheLauncherSendsButThoseTheyTake() throws Exception {
        Set<String> expected = launcherList("SPARK_SUBMIT_VALUE_OPTIONS");
        expected.addAll(launcherList("SPARK_SUBMIT_FLAGS"));
        // Short forms (-c, -v) never reach the unknown-option hint: jobs read only --name.
        expected.removeIf(option -> !option.startsWith("--"));
        expected.removeAll(TAKEN_BY_THE_JOBS);

        assertThat(OptionTable.SPARK_SUBMIT_ONLY.stream().map(name -> "--" + name))
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void jobsPointAProxyUserToSparkSubmit() {
        assertThat(OptionTable.unknownOption("proxy-user", List.of("data")))
                .hasMessageStartingWith("Unknown option --proxy-user (a spark-submit option:");
    }

    /**
     * The names in one of {@code SparkSubmitOptionParser}'s tables ({@code opts}: options with a
     * value; {@code switches}: flags), aliases included. The class and its tables are
     * package-private in Spark's launcher module, read here by reflection.
     */
    private static Set<String> sparkOptions(String table) throws ReflectiveOperationException {
        Class<?> parser = Class.forName("org.apache.spark.launcher.SparkSubmitOptionParser");
        Constructor<?> constructor = parser.getDeclaredConstructor();
        constructor.setAccessible(true);
        Field field = parser.getDeclaredField(table);
        field.setAccessible(true);
        String[][] names = (String[][]) field.get(constructor.newInstance());
        return Arrays.stream(names)
                .flatMap(Arrays::stream)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The words of one of {@code jobs/lib.sh}'s lists. */
    private static Set<String> launcherList(String variable)
            throws IOException, InterruptedException {
        Process process =
                new ProcessBuilder(
                                "bash",
                                "-c",
                                "set -euo pipefail; source jobs/lib.sh; printf '%s\\n' $"
                                        + variable)
                        .redirectErrorStream(true)
                        .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output.lines().collect(Collectors.toCollection(TreeSet::new));
    }
}
