package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What {@code jobs/doctor.sh} starts: in a checkout, the job jar it builds with the project's Spark
 * jars; on a worker that has only Spark, the job jar and the scripts, the jars it is given with
 * {@code $SPARK_HOME/jars/*}, without Maven. Stand-ins for Maven (which fails, so any call shows)
 * and java (which prints its arguments) run instead of the real ones.
 */
class DoctorLauncherTest {

    private static final String DOCTOR = "org.wav2vec2spark.jobs.DoctorJob";

    /** What the stand-in java printed, and the launcher's exit status. */
    private record Started(List<String> lines, int exitStatus) {}

    @Test
    void runsTheNamedJarsWithSparksOnAWorkerWithoutABuild(@TempDir Path dir) throws Exception {
        Path worker = scripts(dir.resolve("worker"));
        Path sparkHome = Files.createDirectories(dir.resolve("spark/jars")).getParent();
        Path jobJar = Files.writeString(dir.resolve("job.jar"), "");

        Started started =
                doctor(
                        dir,
                        worker,
                        Map.of(
                                "SPARK_HOME", sparkHome.toString(),
                                "W2V_JOB_JAR", jobJar.toString(),
                                "W2V_LIBTORCH_JAR", "/libs/libtorch.jar"),
                        "--device",
                        "cpu");

        assertThat(started.exitStatus()).as(started.lines().toString()).isZero();
        assertThat(started.lines())
                .containsSubsequence(
                        "-Xmx2g",
                        "-cp",
                        jobJar + ":/libs/libtorch.jar:" + sparkHome + "/jars/*",
                        DOCTOR,
                        "--model",
                        worker + "/data-samples/model",
                        "--device",
                        "cpu")
                .doesNotContain("mvn ran");
    }

    @Test
    void keepsTheBuildsJarsInACheckout(@TempDir Path dir) throws Exception {
        Path checkout = scripts(dir.resolve("checkout"));
        Files.writeString(
                checkout.resolve("pom.xml"),
                "<spark.jvm.options>--add-opens=java.base/java.nio=ALL-UNNAMED</spark.jvm.options>\n");
        Files.createDirectories(checkout.resolve("src/main"));
        Path classpath = Files.createDirectories(checkout.resolve("target/classpath"));
        Files.writeString(classpath.resolve("spark.txt"), "/libs/spark.jar\n");
        Files.writeString(classpath.resolve("libtorch.txt"), "/libs/libtorch.jar\n");
        Path jobJar = Files.writeString(checkout.resolve("target/wav2vec2-spark-0-job.jar"), "");
        // Newer than the sources, so the build is up to date and Maven is not needed.
        Files.setLastModifiedTime(jobJar, FileTime.fromMillis(System.currentTimeMillis() + 60_000));

        // SPARK_HOME alone, as on a machine that submits jobs, changes nothing in a checkout.
        Started started =
                doctor(dir, checkout, Map.of("SPARK_HOME", dir.toString()), "--model", "m");

        assertThat(started.exitStatus()).as(started.lines().toString()).isZero();
        assertThat(started.lines())
                .containsExactly(
                        "--add-opens=java.base/java.nio=ALL-UNNAMED",
                        "-Xmx2g",
                        "-Dlog4j2.configurationFile=" + checkout + "/conf/log4j2-local.properties",
                        "-cp",
                        jobJar + ":/libs/libtorch.jar:/libs/spark.jar",
                        DOCTOR,
                        "--model",
                        "m");
    }

    @Test
    void aWorkerWithoutSparkHomeIsAUsageError(@TempDir Path dir) throws Exception {
        Path worker = scripts(dir.resolve("worker"));
        Path jobJar = Files.writeString(dir.resolve("job.jar"), "");

        Started started =
                doctor(
                        dir,
                        worker,
                        Map.of("W2V_JOB_JAR", jobJar.toString(), "W2V_LIBTORCH_JAR", "none"));

        assertThat(started.exitStatus()).isEqualTo(2);
        assertThat(started.lines())
                .containsExactly(
                        "doctor: W2V_JOB_JAR needs SPARK_HOME set to a Spark installation with a"
                                + " jars/ folder (got SPARK_HOME='')");
    }

    /** A folder with {@code jobs/doctor.sh} and {@code jobs/lib.sh}, as copied to a worker. */
    private static Path scripts(Path folder) throws IOException {
        Path jobs = Files.createDirectories(folder.resolve("jobs"));
        for (String name : List.of("doctor.sh", "lib.sh")) {
            Files.copy(Path.of("jobs", name), jobs.resolve(name));
        }
        Files.createDirectories(folder.resolve("conf"));
        Files.writeString(folder.resolve("conf/log4j2-local.properties"), "");
        return folder;
    }

    /**
     * Runs {@code folder/jobs/doctor.sh ARGS} with {@code env} added and SPARK_HOME, W2V_JOB_JAR
     * and W2V_LIBTORCH_JAR removed unless {@code env} sets them.
     */
    private static Started doctor(Path dir, Path folder, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        stub(bin.resolve("mvn"), "echo 'mvn ran'; exit 99\n");
        stub(
                bin.resolve("java"),
                JavaStandIn.ANSWERS_VERSION_17 + "for a in \"$@\"; do echo \"$a\"; done\n");
        List<String> command =
                new ArrayList<>(List.of("bash", folder.resolve("jobs/doctor.sh").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        for (String name : List.of("SPARK_HOME", "W2V_JOB_JAR", "W2V_LIBTORCH_JAR")) {
            environment.remove(name);
        }
        environment.putAll(env);
        environment.put("JAVA_HOME", dir.toString());
        environment.put("PATH", bin + ":" + environment.getOrDefault("PATH", ""));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Started(output.lines().toList(), process.exitValue());
    }

    private static void stub(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + body);
        assertThat(file.toFile().setExecutable(true)).isTrue();
    }
}
