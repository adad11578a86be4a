package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Spark's GPU discovery script, {@code conf/getGpusResources.sh}, run against a stand-in {@code
 * nvidia-smi}: the addresses are its indices only, whatever it writes on stderr.
 */
class GpuDiscoveryScriptTest {

    /** The script's exit status, stdout and stderr. */
    private record Outcome(int exit, String stdout, String stderr) {}

    @Test
    void listsTheIndicesAndNotAWarningOnStderr(@TempDir Path dir) throws Exception {
        Outcome outcome =
                discover(
                        dir,
                        "echo 'WARNING: persistence mode is disabled' >&2; printf '0\\n 1\\n'");

        assertThat(outcome.exit()).as(outcome.stderr()).isZero();
        assertThat(outcome.stdout())
                .isEqualTo("{\"name\": \"gpu\", \"addresses\": [\"0\",\"1\"]}\n");
    }

    @Test
    void namesNvidiaSmisErrorWhenItFails(@TempDir Path dir) throws Exception {
        Outcome outcome =
                discover(dir, "echo 'NVIDIA-SMI has failed: no driver' >&2; echo partial; exit 9");

        assertThat(outcome.exit()).isEqualTo(1);
        assertThat(outcome.stdout()).isEmpty();
        assertThat(outcome.stderr())
                .contains("nvidia-smi failed", "NVIDIA-SMI has failed: no driver");
    }

    @Test
    void namesTheReasonNvidiaSmiGivesOnStdout(@TempDir Path dir) throws Exception {
        Outcome outcome =
                discover(
                        dir,
                        "echo 'NVIDIA-SMI has failed because it could not communicate with the"
                                + " NVIDIA driver.'; exit 9");

        assertThat(outcome.exit()).isEqualTo(1);
        assertThat(outcome.stdout()).isEmpty();
        assertThat(outcome.stderr())
                .contains(
                        "nvidia-smi failed on ",
                        ": NVIDIA-SMI has failed because it could not communicate with the NVIDIA"
                                + " driver.");
    }

    @Test
    void findsNoGpuInALineThatIsNoIndex(@TempDir Path dir) throws Exception {
        Outcome outcome = discover(dir, "echo 'No devices were found'");

        assertThat(outcome.exit()).isEqualTo(1);
        assertThat(outcome.stdout()).isEmpty();
        assertThat(outcome.stderr()).contains("nvidia-smi lists no GPU");
    }

    /** Runs the script with a stand-in nvidia-smi whose body is {@code body}, first on the PATH. */
    private static Outcome discover(Path dir, String body) throws Exception {
        Path stub = dir.resolve("nvidia-smi");
        Files.writeString(stub, "#!/bin/sh\n" + body + "\n");
        assertThat(stub.toFile().setExecutable(true)).isTrue();
        Path stderr = dir.resolve("stderr");
        ProcessBuilder builder =
                new ProcessBuilder("conf/getGpusResources.sh").redirectError(stderr.toFile());
        builder.environment()
                .put("PATH", dir + File.pathSeparator + builder.environment().get("PATH"));
        Process process = builder.start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Outcome(process.exitValue(), stdout, Files.readString(stderr));
    }
}
