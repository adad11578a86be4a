package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.wav2vec2spark.jobs.output.OutputLock;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Drivers stopped while they write, as users and schedulers stop them. Through {@code
 * jobs/transcribe.sh}: killed outright (SIGKILL), it leaves its lock, which the next run takes over
 * at once since its process is gone; stopped by SIGTERM, it removes its lock and says it stopped
 * rather than that the job failed; and the run after both writes every recording exactly once.
 * Through {@code jobs/nightly.sh}: stopped by SIGTERM while it evaluates, it says so in one line
 * and records nothing.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class DriverStoppedIT {
    /** The 60 samples copied this many times: enough work to still be writing when stopped. */
    private static final int COPIES = 4;

    /** SIGTERM's exit status: 128 + 15. */
    private static final int TERMINATED = 143;

    @TempDir Path dir;

    @Test
    void aKilledOrStoppedDriverLeavesAnOutputTheNextRunFinishes() throws Exception {
        Path input = dir.resolve("input");
        for (int i = 0; i < COPIES; i++) {
            SampleData.copyTo(input.resolve("copy-" + i));
        }
        List<Path> recordings = TranscribeFiles.flacRecordings(input);
        Path output = dir.resolve("transcripts");

        Process killed = transcribe(input, output, "killed.log");
        awaitWriting(killed, output.resolve("run=1"), "killed.log");
        killed.destroyForcibly().waitFor();
        assertThat(output.resolve(OutputLock.NAME)).exists();

        Process stopped = transcribe(input, output, "stopped.log");
        awaitWriting(stopped, output.resolve("run=2"), "stopped.log");
        stopped.destroy(); // SIGTERM
        assertThat(stopped.waitFor(2, TimeUnit.MINUTES)).isTrue();
        String stoppedLog = log("stopped.log");
        assertThat(stopped.exitValue()).as(stoppedLog).isEqualTo(TERMINATED);
        assertThat(stoppedLog)
                .contains("WARN StaleLockTakeover: Took over ")
                .contains(", has ended")
                .doesNotContain("transcribe: the job failed")
                // Said by a shutdown hook, as the job's own thread may not get to say it, and not
                // after a page of Spark's write-abort trace.
                .contains(
                        "transcribe: stopped: the driver is shutting down (SIGTERM, Ctrl-C or"
                                + " System.exit); run the job again")
                .doesNotContain("ERROR FileFormatWriter")
                .doesNotContain("A fatal error has been detected");
        assertThat(output.resolve(OutputLock.NAME)).doesNotExist();

        Process last = transcribe(input, output, "last.log");
        assertThat(last.waitFor(4, TimeUnit.MINUTES)).isTrue();
        assertThat(last.exitValue()).as(log("last.log")).isZero();
        assertThat(output.resolve("run=3/_SUCCESS")).exists();
        assertThat(output.resolve("run=1")).doesNotExist();
        assertThat(output.resolve("run=2")).doesNotExist();
        List<JsonObject> rows = TranscribeFiles.jsonRows(output.resolve("run=3"));
        assertThat(rows.stream().map(r -> Path.of(URI.create(r.get("source").getAsString()))))
                .containsExactlyInAnyOrderElementsOf(recordings);
        assertThat(rows).allSatisfy(r -> assertThat(r.get("status").getAsString()).isEqualTo("ok"));
    }

    @Test
    void aNightlyStoppedWhileItEvaluatesSaysSoAndRecordsNothing() throws Exception {
        Path data = dir.resolve("data");
        SampleData.copyTo(data);
        Path output = dir.resolve("tonight");
        Path history = dir.resolve("history.jsonl");
        Process nightly =
                launch(
                        "jobs/nightly.sh",
                        "nightly.log",
                        "--history",
                        history.toString(),
                        "--data",
                        data.toString(),
                        "--model",
                        SampleData.MODEL.toString(),
                        "--output",
                        output.toString());

        awaitWriting(nightly, output.resolve("utterances"), "nightly.log");
        // The evaluation's lock, beside its folder, which a stopped run must not leave behind.
        Path lock = dir.resolve(".tonight.lock");
        assertThat(lock).exists();
        nightly.destroy(); // SIGTERM, as cron's timeout or systemd sends it

        assertThat(nightly.waitFor(2, TimeUnit.MINUTES)).isTrue();
        String log = log("nightly.log");
        assertThat(nightly.exitValue()).as(log).isEqualTo(TERMINATED);
        assertThat(log)
                .contains(
                        "nightly: stopped: the driver is shutting down (SIGTERM, Ctrl-C or"
                                + " System.exit); run the job again")
                .doesNotContain("nightly: ERROR")
                .doesNotContain("\tat org.apache.spark")
                // The JVM's crash banner: an exit under a forward pass killed it in libtorch.
                .doesNotContain("A fatal error has been detected");
        assertThat(history).doesNotExist();
        assertThat(output.resolve("summary.json")).doesNotExist();
        assertThat(lock).doesNotExist();
    }

    private Process transcribe(Path input, Path output, String logName) throws IOException {
        return launch(
                "jobs/transcribe.sh",
                logName,
                "--input",
                input.toString(),
                "--model",
                SampleData.MODEL.toString(),
                "--output",
                output.toString(),
                "--format",
                "jsonl");
    }

    /** Starts a launcher on the CPU, its console going to {@code logName}. */
    private Process launch(String script, String logName, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", script));
        command.addAll(List.of(args));
        command.addAll(List.of("--device", "cpu", "--conf", "spark.ui.enabled=false"));
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve(logName).toFile());
        builder.environment().remove("SPARK_HOME"); // the embedded local Spark, in one JVM
        return builder.start();
    }

    /** Waits until the driver's write of {@code run} has begun: its committer's folder exists. */
    private void awaitWriting(Process driver, Path run, String logName) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!Files.isDirectory(run.resolve("_temporary"))) {
            if (!driver.isAlive() || System.nanoTime() > deadline) {
                driver.destroyForcibly();
                throw new AssertionError(
                        "The driver never began writing " + run + "; log:\n" + log(logName));
            }
            Thread.sleep(50);
        }
    }

    private String log(String name) throws IOException {
        return Files.readString(dir.resolve(name));
    }
}
