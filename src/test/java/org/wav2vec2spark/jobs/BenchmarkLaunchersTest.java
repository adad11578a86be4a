package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How the benchmark launchers ({@code jobs/bench-flac.sh}, {@code jobs/bench-overhead.sh}, {@code
 * jobs/benchmark.sh}, {@code jobs/bench-model.sh}, {@code jobs/bench-listing.sh}, {@code
 * jobs/bench-resume.sh}) start their JVM: in the directory they were run from, so that a relative
 * path the user gives means what it means in their shell, with the project folder named for the
 * defaults, as the job launchers do.
 */
class BenchmarkLaunchersTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "bench-flac.sh, mine.flac",
        "bench-overhead.sh, ./mydata",
        "benchmark.sh, --data ./mydata",
        "bench-model.sh, ./mymodel",
        "bench-listing.sh, 10",
        "bench-resume.sh, 10",
    })
    void startsTheJvmWhereTheUserRanTheScript(String script, String args, @TempDir Path dir)
            throws IOException, InterruptedException {
        Path project = copyOfTheLaunchers(dir.resolve("project"), script);
        Path caller = Files.createDirectories(dir.resolve("caller"));
        // Run by a path relative to the caller's directory, as a user in a sibling folder would.
        List<String> command = new ArrayList<>(List.of("bash", "../project/jobs/" + script));
        command.addAll(List.of(args.split(" ")));

        List<String> started = run(dir, caller, command);

        assertThat(started)
                .startsWith(
                        "cwd " + caller.toRealPath(), "W2V_PROJECT_ROOT=" + project.toRealPath())
                .containsSubsequence(args.split(" "));
    }

    @Test
    void mavenBuildsTheTestsOnlyWhenASourceIsNewerThanTheClasspathList(@TempDir Path dir)
            throws IOException, InterruptedException {
        Path project = copyOfTheLaunchers(dir.resolve("project"), "bench-model.sh");
        Path source =
                Files.createDirectories(project.resolve("src/test/java")).resolve("Bench.java");
        Files.writeString(source, "class Bench {}\n");
        Path builds = dir.resolve("mvn-runs");
        String mvn =
                "mkdir -p target/classpath target/classes target/test-classes"
                        + " && : > target/classpath/test.txt"
                        + " && echo run >> "
                        + builds
                        + "\n";
        List<String> command = List.of("bash", "jobs/bench-model.sh", "m");

        run(dir, project, command, mvn);
        run(dir, project, command, mvn);
        assertThat(Files.readAllLines(builds)).as("runs of mvn").hasSize(1);

        Files.setLastModifiedTime(source, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        run(dir, project, command, mvn);
        assertThat(Files.readAllLines(builds)).as("runs of mvn after an edit").hasSize(2);
    }

    /**
     * A project folder holding the launcher and {@code jobs/lib.sh}, an empty {@code pom.xml} for
     * the JVM options, and stand-ins for Maven (which writes an empty dependency list) and java
     * (which prints its working directory, the project folder it was given and its arguments).
     */
    private static Path copyOfTheLaunchers(Path project, String script) throws IOException {
        Path jobs = Files.createDirectories(project.resolve("jobs"));
        for (String name : List.of("lib.sh", script)) {
            Files.copy(Path.of("jobs", name), jobs.resolve(name));
        }
        Files.writeString(project.resolve("pom.xml"), "<project/>\n");
        return project;
    }

    /** Runs {@code command} in {@code directory} with the stand-ins of {@code dir/bin} first. */
    private static List<String> run(Path dir, Path directory, List<String> command)
            throws IOException, InterruptedException {
        return run(
                dir,
                directory,
                command,
                "mkdir -p target/classpath && : > target/classpath/test.txt\n");
    }

    /** {@link #run(Path, Path, List)} with {@code mvn} standing in as the script {@code mvn}. */
    private static List<String> run(Path dir, Path directory, List<String> command, String mvn)
            throws IOException, InterruptedException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        stub(bin.resolve("mvn"), mvn);
        stub(
                bin.resolve("java"),
                JavaStandIn.ANSWERS_VERSION_17
                        + "echo \"cwd $(pwd -P)\"\n"
                        + "echo \"W2V_PROJECT_ROOT=$(cd \"$W2V_PROJECT_ROOT\" && pwd -P)\"\n"
                        + "for a in \"$@\"; do echo \"$a\"; done\n");
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", dir.toString());
        builder.environment()
                .put("PATH", bin + ":" + builder.environment().getOrDefault("PATH", ""));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output.lines().toList();
    }

    private static void stub(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + body);
        assertThat(file.toFile().setExecutable(true)).isTrue();
    }
}
