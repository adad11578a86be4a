package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The nightly job's command line: failures before the check must exit 2, never 1, which tells cron
 * and Airflow that a split regressed.
 */
class NightlyJobCommandLineTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @TempDir Path dir;

    @BeforeEach
    void captureConsole() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreConsole() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    @Test
    void sparkThatCannotStartExitsTwoNotOne() {
        // A mistyped --master used to escape main() as an exception: the JVM's exit status 1.
        int code =
                NightlyJob.runFromCommandLine(
                        new String[] {
                            "--history", dir.resolve("history.jsonl").toString(),
                            "--run", dir.resolve("run").toString(),
                            "--master", "bogus://nowhere"
                        });

        assertThat(code).isEqualTo(NightlyJob.ERROR);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("nightly: ERROR cannot start Spark: ")
                .contains("bogus://nowhere");
        assertThat(dir.resolve("history.jsonl")).doesNotExist();
    }
}
