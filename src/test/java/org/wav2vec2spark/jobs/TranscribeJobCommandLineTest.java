package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.wav2vec2spark.jobs.output.OutputLock;
import org.wav2vec2spark.jobs.output.RefusingFileSystems;
import org.wav2vec2spark.jobs.output.RefusingFileSystems.RefusesTemporary;
import org.wav2vec2spark.jobs.output.TranscribeSummary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The transcribe job's command line: exit codes and the messages users see. */
class TranscribeJobCommandLineTest {
    @RegisterExtension final CapturedConsole console = new CapturedConsole();

    @TempDir Path dir;

    @Test
    void aUsageErrorIsAloneOnStderrWithoutTheDefaultsNotice() {
        // --input, --model and --output all left out would each take a default.
        int code = TranscribeJob.runFromCommandLine(new String[] {"--format", "csv"});

        assertThat(code).isEqualTo(2);
        assertThat(console.err())
                .isEqualTo("transcribe: --format must be parquet or jsonl, got 'csv'\n");
    }

    @Test
    void aMissingLocalInputOrModelIsRefusedBeforeSparkStarts() {
        // A master Spark cannot start: reaching it would exit 3, not 2.
        String missing = dir.resolve("no-such-folder").toString();
        String[][] runs = {
            {"--input", missing, "--model", SampleData.MODEL.toString()},
            {"--input", SampleData.ROOT.toString(), "--model", missing}
        };
        for (String[] run : runs) {
            List<String> args = new ArrayList<>(List.of(run));
            args.addAll(List.of("--output", dir.resolve("out").toString(), "--master", "bogus://"));

            int code = TranscribeJob.runFromCommandLine(args.toArray(String[]::new));

            assertThat(code).isEqualTo(2);
        }
        assertThat(console.err())
                .contains("transcribe: --input " + missing + " does not exist\n")
                .contains("transcribe: --model " + missing + ": ")
                .doesNotContain("cannot start Spark");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void anOutputAnotherJobHoldsIsRefusedBeforeSparkStarts() throws IOException {
        Path output = Files.createDirectories(dir.resolve("out"));
        Files.writeString(
                output.resolve(OutputLock.NAME),
                "host=elsewhere\npid=7\nstarted=2026-12-02T01:00:00Z\ntoken=first\n");

        int code =
                TranscribeJob.runFromCommandLine(
                        new String[] {
                            "--input", SampleData.ROOT.toString(),
                            "--model", SampleData.MODEL.toString(),
                            "--output", output.toString(),
                            "--master", "bogus://"
                        });

        assertThat(code).isEqualTo(ExitCode.FAILED);
        assertThat(console.err())
                .contains(
                        "transcribe: Cannot write the output "
                                + output
                                + ": another job is writing to it (process 7 on"
                                + " elsewhere")
                .doesNotContain("cannot start Spark");
    }

    @Test
    void sparkThatCannotStartExitsThree() {
        // A mistyped --master used to escape main() as an exception: the JVM's exit status 1,
        // which the README does not list for transcribe.
        int code =
                TranscribeJob.runFromCommandLine(
                        new String[] {
                            "--input", SampleData.ROOT.toString(),
                            "--model", SampleData.MODEL.toString(),
                            "--output", dir.resolve("out").toString(),
                            "--master", "bogus://nowhere"
                        });

        assertThat(code).isEqualTo(ExitCode.FAILED);
        assertThat(console.err())
                .contains("transcribe: cannot start Spark: ")
                .contains("bogus://nowhere");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void moreFailedRecordingsThanAllowedExitOneWithTheRunCommitted() throws IOException {
        Path input = Files.createDirectories(dir.resolve("in"));
        Files.writeString(input.resolve("bad.flac"), "not audio");
        Path output = dir.resolve("out");

        int code =
                TranscribeJob.runFromCommandLine(
                        new String[] {
                            "--input", input.toString(),
                            "--model", SampleData.MODEL.toString(),
                            "--output", output.toString(),
                            "--master", "local[1]",
                            "--max-failed-fraction", "0.5"
                        });

        assertThat(code).isEqualTo(1);
        assertThat(console.err())
                .contains(
                        "transcribe: 1 of 1 recordings failed, more than --max-failed-fraction"
                                + " 0.5 allows");
        assertThat(output.resolve("run=1/_SUCCESS")).exists();
    }

    @Test
    void anInputHadoopCannotReadAsAPathIsNamedWithItsOption() {
        int code =
                TranscribeJob.runFromCommandLine(
                        new String[] {
                            "--input", "file:recordings",
                            "--model", SampleData.MODEL.toString(),
                            "--output", dir.resolve("out").toString(),
                            "--master", "local[1]",
                            "--conf", "spark.ui.enabled=false"
                        });

        assertThat(code).isEqualTo(2);
        assertThat(console.err())
                .contains(
                        "transcribe: --input file:recordings: not a path Hadoop can read (Relative"
                                + " path in absolute URI: file:recordings)\n")
                .doesNotContain("java.net.");
    }

    @Test
    void anOutputWhoseTableCannotBeWrittenExitsThreeNotTwo() {
        // The committer's own IOException, raised before any task runs, as a quota would.
        String output = RefusingFileSystems.uri(RefusesTemporary.class, dir.resolve("out"));
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--input",
                                SampleData.ROOT.resolve("test-clean").toString(),
                                "--model",
                                SampleData.MODEL.toString(),
                                "--output",
                                output,
                                "--master",
                                "local[1]",
                                "--conf",
                                "spark.ui.enabled=false"));
        args.addAll(RefusingFileSystems.confArguments(RefusesTemporary.class));

        int code = TranscribeJob.runFromCommandLine(args.toArray(String[]::new));

        assertThat(code).as(console.err()).isEqualTo(ExitCode.FAILED);
        assertThat(console.err())
                .contains("transcribe: Cannot write the output " + output + "/run=1: ")
                .contains("refused _temporary");
    }

    @Test
    void failedRecordingsWithinTheAllowanceOrWithoutOneExitZero() {
        // Two of four failed: half is allowed, a quarter is not; the default (1) allows all.
        TranscribeSummary summary =
                new TranscribeSummary("/o", "/o/run=1", 4, 0, 0, 4, 2, 10, 0.1, 5, 0, List.of());

        assertThat(TranscribeJob.tooManyFailures(summary, 0.5)).isFalse();
        assertThat(TranscribeJob.tooManyFailures(summary, 1)).isFalse();
        assertThat(TranscribeJob.tooManyFailures(summary, 0.25)).isTrue();
        assertThat(console.err()).contains("2 of 4 recordings failed");
    }
}
