package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.wav2vec2spark.jobs.cli.BundledDefaults;
import org.wav2vec2spark.jobs.cli.LocalFileUri;
import org.wav2vec2spark.jobs.output.RefusingFileSystems;
import org.wav2vec2spark.jobs.output.RefusingFileSystems.RefusesSummary;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The evaluate job's command line: exit codes and the messages users see. */
class EvaluateJobCommandLineTest {
    @RegisterExtension final CapturedConsole console = new CapturedConsole();

    @TempDir Path dir;

    @Test
    void helpExitsZeroAndListsOptions() {
        assertThat(EvaluateJob.runFromCommandLine(new String[] {"--help"})).isZero();
        assertThat(console.out()).contains("--max-failed-fraction");
    }

    @Test
    void usageMistakeExitsTwoBeforeAnySparkWork() {
        int code =
                EvaluateJob.runFromCommandLine(
                        new String[] {"--data", "d", "--model", "m", "--batch-samples", "x"});

        assertThat(code).isEqualTo(2);
        assertThat(console.err()).startsWith("evaluate: --batch-samples expects a whole number");
    }

    @Test
    void aUsageErrorIsAloneOnStderrWithoutTheDefaultsNotice() {
        // --data, --model and --output all left out would each take a default; the notice of
        // them would push the one line that matters off a small terminal.
        int nearMiss = EvaluateJob.runFromCommandLine(new String[] {"--split", "test-clean"});
        String nearMissErr = console.err();
        int badValue = EvaluateJob.runFromCommandLine(new String[] {"--batch-samples", "x"});

        assertThat(nearMiss).isEqualTo(2);
        assertThat(nearMissErr)
                .startsWith("evaluate: Unknown option --split (did you mean --splits?); valid")
                .doesNotContain("given, taking");
        assertThat(badValue).isEqualTo(2);
        assertThat(console.err().substring(nearMissErr.length()))
                .isEqualTo("evaluate: --batch-samples expects a whole number, got 'x'\n");
    }

    @Test
    void leftOutOptionsTakeTheBundledDefaultsAndSaySoOnStderr() {
        // The bundled samples and a fresh run folder by default; the model given is checked
        // before Spark starts, so nothing is written.
        Path missingModel = dir.resolve("no-model");

        int code =
                EvaluateJob.runFromCommandLine(
                        new String[] {
                            "--splits", "test-clean", "--model", missingModel.toString()
                        });

        assertThat(code).isEqualTo(2);
        assertThat(console.err())
                .startsWith(
                        "evaluate: no --data given, taking the bundled samples "
                                + LocalFileUri.of(BundledDefaults.fromEnvironment().samples())
                                + "\nevaluate: no --output given, taking a fresh output folder ")
                .contains("\nevaluate: --model " + missingModel + ": ")
                .doesNotContain("--data is required")
                .doesNotContain("no --model given");
    }

    @Test
    void aLeftOutModelIsNamedAsTheBundledToy() {
        int code =
                EvaluateJob.runFromCommandLine(
                        new String[] {"--data", dir.resolve("nowhere").toString()});

        assertThat(code).isEqualTo(2);
        assertThat(console.err())
                .contains(
                        "evaluate: no --model given, taking the bundled model "
                                + LocalFileUri.of(BundledDefaults.fromEnvironment().model())
                                + " (a toy trained on synthetic speech; give --model DIR for real"
                                + " data)\n");
    }

    @Test
    void missingLocalDataExitsTwoBeforeSparkStarts() {
        Path missing = dir.resolve("nowhere");

        int code =
                EvaluateJob.runFromCommandLine(
                        new String[] {
                            "--data", SampleData.ROOT + "," + missing,
                            "--model", SampleData.MODEL.toString(),
                            "--output", dir.resolve("out").toString()
                        });

        assertThat(code).isEqualTo(2);
        assertThat(console.err()).isEqualTo("evaluate: --data " + missing + " does not exist\n");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void missingDataOrModelFromAPresetIsNamedByThePresetAndKey() throws IOException {
        // Relative to the preset's folder, so the file: URI alone would not say where it came from.
        Path preset = Files.writeString(dir.resolve("night.properties"), "data = corpus\n");
        Path models = Files.writeString(dir.resolve("models.properties"), "model = models/x\n");

        int dataCode =
                EvaluateJob.runFromCommandLine(
                        new String[] {
                            "--config", preset.toString(), "--model", SampleData.MODEL.toString()
                        });
        int modelCode =
                EvaluateJob.runFromCommandLine(
                        new String[] {
                            "--config", models.toString(), "--data", SampleData.ROOT.toString()
                        });

        assertThat(dataCode).isEqualTo(2);
        assertThat(modelCode).isEqualTo(2);
        assertThat(console.err())
                .contains(
                        "evaluate: "
                                + preset
                                + ": data "
                                + LocalFileUri.of(dir.resolve("corpus").toString())
                                + " does not exist\n")
                .contains(
                        "evaluate: "
                                + models
                                + ": model "
                                + LocalFileUri.of(dir.resolve("models/x").toString())
                                + ": ");
    }

    @Test
    void brokenModelDirectoryExitsTwoNamingTheFile() throws IOException {
        Path model = SampleData.copyModelTo(dir.resolve("model"));
        Files.delete(model.resolve("vocab.json"));

        int code =
                EvaluateJob.runFromCommandLine(
                        new String[] {
                            "--data", SampleData.ROOT.toString(),
                            "--model", model.toString(),
                            "--output", dir.resolve("out").toString()
                        });

        assertThat(code).isEqualTo(2);
        assertThat(console.err())
                .startsWith("evaluate: --model " + model + ": ")
                .contains("vocab.json");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void failedUtterancesBeyondTheAllowedFractionExitOne() throws IOException {
        Path data = SampleData.copyTo(dir.resolve("data"));
        try (Stream<Path> files = Files.walk(data.resolve("test-other"))) {
            Path flac =
                    files.filter(f -> f.toString().endsWith(".flac"))
                            .sorted()
                            .findFirst()
                            .orElseThrow();
            Files.write(flac, new byte[] {'f', 'L', 'a', 'C'});
        }
        String[] args =
                onLocalSpark(
                        "--data",
                        data.toString(),
                        "--model",
                        SampleData.MODEL.toString(),
                        "--output",
                        dir.resolve("strict").toString());

        int code = EvaluateJob.runFromCommandLine(args);

        assertThat(code).as(console.err()).isEqualTo(1);
        assertThat(console.err())
                .contains(
                        "evaluate: 1 of 60 utterances failed, more than --max-failed-fraction 0.0"
                                + " allows");
        assertThat(console.out())
                .contains("1 of 60 utterances FAILED")
                .contains("test-other: 30 utterances, 1 failed");
        assertThat(dir.resolve("strict/summary.json")).exists();
    }

    @Test
    void overwriteOfAFolderOfTheDataIsRefusedKeepingItsRecordings() throws IOException {
        // --output named a split of --data: --overwrite moved it aside, the run found no audio,
        // and the recordings were deleted with the folder once the run was committed.
        Path data = SampleData.copyTo(dir.resolve("data"));
        Path split = data.resolve("test-clean");
        List<Path> before;
        try (Stream<Path> files = Files.walk(split)) {
            before = files.sorted().toList();
        }
        String[] args =
                onLocalSpark(
                        "--data", data.toString(), "--output", split.toString(), "--overwrite");

        int code = EvaluateJob.runFromCommandLine(args);

        assertThat(code).as(console.err()).isEqualTo(2);
        assertThat(console.err())
                .contains(
                        "evaluate: --output "
                                + split
                                + " holds files no evaluate or score run writes (");
        try (Stream<Path> files = Files.walk(split)) {
            assertThat(files.sorted().toList()).isEqualTo(before);
        }
    }

    @Test
    void modelThatFailsToLoadOnExecutorsExitsThreeWithTheRootCause() throws Exception {
        // A model.pt that is not TorchScript, with model.json's checksum updated to match: the
        // driver's checks pass, the load on the executor fails, so the Spark job itself fails.
        Path model = SampleData.copyModelTo(dir.resolve("model"));
        byte[] garbage = "not a TorchScript archive".getBytes(StandardCharsets.UTF_8);
        Files.write(model.resolve("model.pt"), garbage);
        String sha256 =
                java.util.HexFormat.of()
                        .formatHex(
                                java.security.MessageDigest.getInstance("SHA-256").digest(garbage));
        Path metadata = model.resolve("model.json");
        Files.writeString(
                metadata,
                Files.readString(metadata)
                        .replaceAll(
                                "\"sha256\"\\s*:\\s*\"[0-9a-f]+\"",
                                "\"sha256\": \"" + sha256 + "\""));

        int code =
                EvaluateJob.runFromCommandLine(
                        onLocalSpark(
                                "--data",
                                SampleData.ROOT.toString(),
                                "--model",
                                model.toString(),
                                "--output",
                                dir.resolve("out").toString()));

        assertThat(code).as(console.err()).isEqualTo(3);
        assertThat(console.err()).contains("evaluate: the job failed: ");
        assertThat(dir.resolve("out/summary.json")).doesNotExist();
        assertThat(dir.resolve("out/utterances/_SUCCESS")).doesNotExist();
    }

    @Test
    void anOutputThatCannotBeWrittenExitsThreeNotTwo() {
        String output = RefusingFileSystems.uri(RefusesSummary.class, dir.resolve("out"));
        List<String> args =
                new ArrayList<>(
                        List.of(
                                onLocalSpark(
                                        "--data",
                                        SampleData.ROOT.toString(),
                                        "--splits",
                                        "test-clean",
                                        "--model",
                                        SampleData.MODEL.toString(),
                                        "--output",
                                        output)));
        args.addAll(RefusingFileSystems.confArguments(RefusesSummary.class));

        int code = EvaluateJob.runFromCommandLine(args.toArray(String[]::new));

        assertThat(code).as(console.err()).isEqualTo(ExitCode.FAILED);
        assertThat(console.err())
                .contains("evaluate: Cannot write the output " + output + ": ")
                .contains("refused summary.json");
        assertThat(dir.resolve("out/summary.json")).doesNotExist();
    }

    @Test
    void aMistypedLocalMasterIsRefusedBeforeSparkStarts() {
        int code =
                EvaluateJob.runFromCommandLine(
                        new String[] {
                            "--data", SampleData.ROOT.toString(),
                            "--model", SampleData.MODEL.toString(),
                            "--output", dir.resolve("out").toString(),
                            "--master", "lcoal[2]"
                        });

        assertThat(code).isEqualTo(2);
        // One line, no Spark log or trace before it.
        assertThat(console.err())
                .startsWith("evaluate: --master expects a Spark master URL (")
                .endsWith(", got 'lcoal[2]'\n");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void sparkThatCannotStartExitsThreeNotOne() {
        // A mistyped --master used to escape main() as an exception: the JVM's exit status 1,
        // which means "more failed utterances than allowed".
        int code =
                EvaluateJob.runFromCommandLine(
                        new String[] {
                            "--data", SampleData.ROOT.toString(),
                            "--model", SampleData.MODEL.toString(),
                            "--output", dir.resolve("out").toString(),
                            "--master", "bogus://nowhere"
                        });

        assertThat(code).isEqualTo(ExitCode.FAILED);
        assertThat(console.err())
                .contains("evaluate: cannot start Spark: ")
                .contains("bogus://nowhere");
        // Spark logs the trace; the job adds its one line, not a second copy of the trace.
        assertThat(console.err().split("at org.wav2vec2spark.jobs.JobCommandLine.runInSession", -1))
                .hasSizeLessThanOrEqualTo(2);
        assertThat(dir.resolve("out")).doesNotExist();
    }

    /** The options, then those that run the job on this machine's CPU without Spark's UI. */
    private static String[] onLocalSpark(String... options) {
        List<String> args = new ArrayList<>(List.of(options));
        args.addAll(
                List.of(
                        "--master",
                        "local[2]",
                        "--device",
                        "cpu",
                        "--conf",
                        "spark.ui.enabled=false"));
        return args.toArray(String[]::new);
    }
}
