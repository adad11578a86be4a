package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;

/**
 * How {@code jobs/lib.sh} builds the job jar on a launcher's first run: its output is the one line
 * saying so, with nothing of Maven's around it; and how a failed build of the tests stops the
 * benchmark launchers.
 */
class LauncherBuildTest {

    /** A project with nothing to build, so Maven runs its lifecycle in seconds and offline. */
    private static final String EMPTY_POM =
            "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n"
                    + "  <modelVersion>4.0.0</modelVersion>\n"
                    + "  <groupId>test</groupId>\n"
                    + "  <artifactId>empty</artifactId>\n"
                    + "  <version>1</version>\n"
                    + "  <packaging>pom</packaging>\n"
                    + "</project>\n";

    @Test
    void buildingPrintsNoColourCodesBeforeTheJobsOutput(@TempDir Path project) throws Exception {
        Files.writeString(project.resolve("pom.xml"), EMPTY_POM);
        Files.createDirectories(project.resolve("src/main"));
        Built built = ensureBuilt(project);

        assertThat(built.exit()).as(built.output()).isZero();
        assertThat(built.output())
                .isEqualTo("Building the job jar (mvn package -DskipTests) ...\n");
    }

    @Test
    void aFailedBuildLeavesNoJobJarForTheNextRunToTakeAsBuilt(@TempDir Path project)
            throws Exception {
        // A build stopped (Ctrl-C) while Maven rewrote the jar left a broken one, newer than the
        // sources, so every later run used it and failed with ClassNotFoundException. A pom Maven
        // cannot read fails the same way at once.
        Files.writeString(project.resolve("pom.xml"), "<project>");
        Files.createDirectories(project.resolve("src/main"));
        Files.createDirectories(project.resolve("target/classpath"));
        Files.writeString(project.resolve("target/classpath/spark.txt"), "");
        Path jar = Files.writeString(project.resolve("target/wav2vec2-spark-0-job.jar"), "PK");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(1_000_000)); // older than src/main

        Built built = ensureBuilt(project);

        assertThat(built.exit()).as(built.output()).isEqualTo(2);
        assertThat(built.output()).endsWith("Build failed\n");
        assertThat(jar).doesNotExist();
    }

    @Test
    void aFailedTestBuildStopsTheLauncherBeforeJavaStarts(@TempDir Path project) throws Exception {
        // No pom.xml: Maven fails at once. The benchmark launchers assign the classpath first, as
        // `java -cp "$(test_classpath)"` would start java on a broken classpath regardless.
        Process launcher =
                new ProcessBuilder(
                                "bash",
                                "-c",
                                "set -euo pipefail; source jobs/lib.sh; PROJECT_ROOT=\"$1\";"
                                        + " TARGET=\"$1/target\"; classpath=\"$(test_classpath)\";"
                                        + " echo \"java -cp $classpath\"",
                                "test",
                                project.toString())
                        .redirectErrorStream(true)
                        .start();
        String output =
                new String(launcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(launcher.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(launcher.exitValue()).as(output).isNotZero();
        assertThat(output)
                .contains("Building the tests failed (mvn test-compile)")
                .doesNotContain("java -cp");
    }

    /** What {@code ensure_built} printed, and its exit status. */
    private record Built(int exit, String output) {}

    /** Runs lib.sh's own build step, pointed at {@code project} instead of this one. */
    private static Built ensureBuilt(Path project) throws Exception {
        Process build =
                new ProcessBuilder(
                                "bash",
                                "-c",
                                "set -euo pipefail; source jobs/lib.sh; PROJECT_ROOT=\"$1\";"
                                        + " TARGET=\"$1/target\"; ensure_built",
                                "test",
                                project.toString())
                        .redirectErrorStream(true)
                        .start();
        String output = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(build.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return new Built(build.exitValue(), output);
    }
}
