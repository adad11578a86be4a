package org.wav2vec2spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Runs a reference tool (python3, sox, flac) from a test and fails the test, with the tool's
 * output, when it exits non-zero.
 *
 * <p>The tool's output is captured and printed through {@code System.out}, so it reaches the build
 * log through Surefire's channel like the test's own output. A child process that inherited the
 * forked JVM's stdout would write past that channel instead, which Surefire reports as "Corrupted
 * channel by directly writing to native stream".
 */
public final class ExternalCommand {

    private ExternalCommand() {}

    /** Runs {@code command} to completion; returns its output (stdout and stderr merged). */
    public static String run(String... command) throws IOException, InterruptedException {
        return run(List.of(command));
    }

    /** Runs {@code command} to completion; returns its output (stdout and stderr merged). */
    public static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output;
        try (InputStream stdout = process.getInputStream()) {
            output = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
        }
        int exit = process.waitFor();
        System.out.print(output);
        assertThat(exit)
                .as("%s exited with %d; its output:%n%s", String.join(" ", command), exit, output)
                .isZero();
        return output;
    }
}
