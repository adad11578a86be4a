package org.wav2vec2spark;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Runs a reference tool (python3, sox, flac) from a test. A non-zero exit fails the test with the
 * command and the tool's output; a missing tool fails it with what to install, because a skipped
 * comparison would prove nothing.
 *
 * <p>The tool's output is captured and printed through {@code System.out}, so it reaches the build
 * log through Surefire's channel like the test's own output. A child process that inherited the
 * forked JVM's stdout would write past that channel instead, which Surefire reports as "Corrupted
 * channel by directly writing to native stream".
 */
public final class ExternalCommand {

    private record Result(int exit, String output) {}

    private ExternalCommand() {}

    /** Runs {@code command} to completion; returns its output (stdout and stderr merged). */
    public static String run(String... command) {
        return run(List.of(command));
    }

    /** Runs {@code command} to completion; returns its output (stdout and stderr merged). */
    public static String run(List<String> command) {
        Result result = execute(command);
        if (result.exit() != 0) {
            throw new AssertionError(
                    String.join(" ", command)
                            + " exited with "
                            + result.exit()
                            + "; its output:\n"
                            + result.output());
        }
        return result.output();
    }

    /** Runs {@code command} to completion and returns its exit code, for tools expected to fail. */
    public static int exitCode(List<String> command) {
        return execute(command).exit();
    }

    private static Result execute(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output;
            try (InputStream stdout = process.getInputStream()) {
                output = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
            }
            int exit = process.waitFor();
            System.out.print(output);
            return new Result(exit, output);
        } catch (IOException e) {
            throw new AssertionError(
                    "cannot run '"
                            + command.get(0)
                            + "': install it (Debian package "
                            + command.get(0)
                            + ") and put it on PATH",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }
}
