package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The launchers' choice of Java ({@code jobs/lib.sh java_binary}): a missing or too old Java is a
 * usage error (exit 2) naming what was found, not the shell's "not found" (127) or the JVM's
 * UnsupportedClassVersionError (1, which the jobs' exit codes read as failed utterances).
 */
class JavaBinaryTest {
    @TempDir Path dir;

    @Test
    void takesAJava17OrLaterFromJavaHome() throws IOException, InterruptedException {
        Path java = standIn(JavaStandIn.ANSWERS_VERSION_17);

        Result result = javaBinary(dir.toString());

        assertThat(result.code).isZero();
        assertThat(result.out).isEqualTo(java + "\n");
    }

    @Test
    void refusesAnOlderJavaNamingItsVersion() throws IOException, InterruptedException {
        Path java = standIn(JavaStandIn.answersVersion("11"));

        Result result = javaBinary(dir.toString());

        assertThat(result.code).isEqualTo(2);
        assertThat(result.out)
                .isEqualTo(
                        java
                                + " is Java 11; the jobs need Java 17 or later: set JAVA_HOME to"
                                + " one\n");
    }

    @Test
    void refusesAJavaHomeWithoutJava() throws IOException, InterruptedException {
        Result result = javaBinary(dir.resolve("nowhere").toString());

        assertThat(result.code).isEqualTo(2);
        assertThat(result.out)
                .startsWith("No Java found (JAVA_HOME=" + dir.resolve("nowhere") + " has no")
                .contains("install Java 17 or later");
    }

    private Path standIn(String script) throws IOException {
        Path java = Files.createDirectories(dir.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\n" + script + "exit 97\n");
        assertThat(java.toFile().setExecutable(true)).isTrue();
        return java;
    }

    private record Result(int code, String out) {}

    private static Result javaBinary(String javaHome) throws IOException, InterruptedException {
        ProcessBuilder builder =
                new ProcessBuilder(List.of("bash", "-c", "source jobs/lib.sh; java_binary", "test"))
                        .redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", javaHome);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), out);
    }
}
