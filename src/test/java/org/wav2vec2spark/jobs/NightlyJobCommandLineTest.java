package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * The nightly job's command line: failures before the check must exit 2, never 1, which tells cron
 * and Airflow that a split regressed.
 */
class NightlyJobCommandLineTest {
    @RegisterExtension final CapturedConsole console = new CapturedConsole();

    @TempDir Path dir;

    @Test
    void aUsageErrorIsAloneOnStderrWithoutTheDefaultsNotice() {
        // Without --run the job evaluates, and --data and --model would take their defaults.
        int code =
                NightlyJob.runFromCommandLine(
                        new String[] {
                            "--history",
                            dir.resolve("history.jsonl").toString(),
                            "--batch-samples",
                            "x"
                        });

        assertThat(code).isEqualTo(NightlyJob.ERROR);
        assertThat(console.err())
                .isEqualTo("nightly: --batch-samples expects a whole number, got 'x'\n");
        assertThat(dir.resolve("history.jsonl")).doesNotExist();
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
        assertThat(console.out())
                .contains("nightly: ERROR cannot start Spark: ")
                .contains("bogus://nowhere");
        assertThat(dir.resolve("history.jsonl")).doesNotExist();
    }
}
