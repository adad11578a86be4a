package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.engine.Engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

class DoctorJobTest {
    @TempDir Path temp;

    private record Run(int exitCode, String output) {}

    private static Run doctor(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code =
                DoctorJob.runFromCommandLine(
                        args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Run(code, bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void passesOnTheBundledModelOnCpu() {
        Run run = doctor("--model", SampleData.MODEL.toString(), "--device", "cpu", "--batch", "2");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output())
                .contains("  ok    Java ")
                .contains("PyTorch engine with libtorch 2.7.1, flavour cpu")
                .contains("--device cpu -> cpu()")
                .contains("sha256 ")
                .contains("32 tokens")
                .containsPattern("ok    model load +\\d+\\.\\d\\d s on cpu")
                .containsPattern(
                        "ok    dummy batch +2 x 8\\.0 s: first \\d+\\.\\d{3} s, then \\d+\\.\\d{3}"
                                + " s \\(median of 3\\), (\\d+|\\d\\.\\d\\d) x real time")
                .endsWith("All checks passed.\n");
    }

    @Test
    void namesAWrongChecksum() throws IOException {
        Path broken = copyModel();
        // A different archive than model.json's checksum describes.
        Files.write(
                broken.resolve("model.pt"),
                new byte[] {1, 2, 3},
                java.nio.file.StandardOpenOption.APPEND);

        Run run = doctor("--model", broken.toString(), "--device", "cpu");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output())
                .containsPattern("FAIL  model +model.pt sha256 is [0-9a-f]{64} but model.json says")
                .contains("fix or re-export the model directory")
                .doesNotContain("dummy batch")
                .endsWith("Some checks FAILED; fix the first one above and run again.\n");
    }

    @Test
    void namesAMissingDirectory() {
        Run run = doctor("--model", temp.resolve("nowhere").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).contains("FAIL  model ").contains("nowhere does not exist");
    }

    @Test
    void gpuWithoutAGpuSaysWhatToInstall() {
        assumeTrue(Engine.getEngine("PyTorch").getGpuCount() == 0, "a GPU is visible here");

        Run run = doctor("--model", SampleData.MODEL.toString(), "--device", "gpu");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output())
                .contains("FAIL  device ")
                .contains("--device gpu but libtorch sees no GPU")
                .contains("libtorch 2.7.1 for CUDA");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(doctor("--device", "cpu").exitCode()).isEqualTo(2);
        assertThat(doctor("--model", "m", "--batch", "x").output())
                .contains("--batch expects a whole number, got 'x'");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--model m --device tpu | --device must be auto, cpu or gpu, got 'tpu'",
                "--model m --foo | Unknown option --foo; valid options: --model, --device",
                "--model m --batch 0 | --batch must be from 1 to 4096, got 0",
                "--model m --batch 4097 | --batch must be from 1 to 4096, got 4097",
                // Used to become a negative sample count: 'FAIL model load' after 'ok model load'.
                "--model m --seconds 1e6 | --seconds must be more than 0 and at most 600, got"
                        + " 1000000.0",
                "--model m --seconds 0 | --seconds must be more than 0 and at most 600, got 0.0",
                "--model m --seconds NaN | --seconds must be more than 0 and at most 600, got NaN",
                "--model m --batch 4096 --seconds 600 | --batch 4096 x --seconds 600.0 is"
                        + " 2457600.0 s of audio; the dummy batch holds at most 3600 s",
                "--model | --model needs a value: DIR",
                "--model hdfs://nn/m | --model hdfs://nn/m: doctor loads a model directory on this"
                        + " machine",
                "--model file://host/m | --model file://host/m: not a path Hadoop can read (URI has"
                        + " an authority component)",
                // A folder the jobs would refuse: Hadoop takes w2v for a URI scheme.
                "--model w2v:v2 | --model w2v:v2: not a path Hadoop can read (Relative path in"
                        + " absolute URI: w2v:v2)"
            })
    void usageErrorsNameTheOptionBeforeAnyCheckRuns(String args, String message) {
        Run run = doctor(args.split(" "));

        assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
        assertThat(run.output()).contains("doctor: " + message).doesNotContain("Java");
    }

    @Test
    void takesTheLargestBatchAllowed() {
        // 6 x 600 s is the 3600 s a dummy batch may hold.
        assertThat(DoctorJob.parse("--model=m", "--device=cpu", "--batch=6", "--seconds=600"))
                .isEqualTo(new DoctorJob.Options(Path.of("m"), "cpu", 6, 600));
    }

    @Test
    void aDummyBatchTooLargeForTheHeapIsItsOwnFailLine() {
        // 100000 s is 1.6 G samples, one 6.4 GB array: beyond the test JVM's heap, so the batch
        // cannot be built. That OutOfMemoryError used to escape the doctor; options past the
        // parser's limits reach it only this way.
        assumeTrue(
                Runtime.getRuntime().maxMemory() < 6_000_000_000L,
                "this heap could hold the 6.4 GB array");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DoctorJob.Options tooLarge = new DoctorJob.Options(SampleData.MODEL, "cpu", 1, 100_000);

        int code =
                DoctorJob.runChecks(
                        tooLarge, new PrintStream(bytes, true, StandardCharsets.UTF_8), null);

        String output = bytes.toString(StandardCharsets.UTF_8);
        assertThat(code).as(output).isEqualTo(1);
        assertThat(output)
                .containsPattern("ok    model load +\\d+\\.\\d\\d s on cpu")
                .contains("FAIL  dummy batch  out of Java heap (Java heap space, max heap ")
                .contains("for 1 x 100000.0 s: try a smaller --batch or --seconds")
                .doesNotContain("FAIL  model load")
                .endsWith("Some checks FAILED; fix the first one above and run again.\n");
    }

    @Test
    void helpListsTheOptions() {
        Run run = doctor("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.output())
                .startsWith("Usage: doctor --model DIR")
                .contains("--device auto|cpu|gpu")
                .contains("(default: 4)");
    }

    @Test
    void readsTheEqualsForm() {
        assertThat(DoctorJob.parse("--model=m", "--device=cpu", "--batch=2", "--seconds=1.5"))
                .isEqualTo(new DoctorJob.Options(Path.of("m"), "cpu", 2, 1.5));
    }

    @Test
    void takesTheFileUriTheJobsPrintForTheBundledModelAndTheFolderNamesTheJobsTake() {
        assertThat(DoctorJob.parse("--model", "file:/opt/w2v/data-samples/model").modelDir())
                .isEqualTo(Path.of("/opt/w2v/data-samples/model"));
        // A colon after a slash is no URI scheme, to Hadoop or to doctor.
        assertThat(DoctorJob.parse("--model", "./w2v:v2").modelDir())
                .isEqualTo(Path.of("./w2v:v2"));
        assertThat(DoctorJob.parse("--model", "/opt/w2v:v2").modelDir())
                .isEqualTo(Path.of("/opt/w2v:v2"));
    }

    @Test
    void failsWhenDjlPassedOverAPytorchLibraryPathWithoutLibtorch() throws IOException {
        Path empty = Files.createDirectories(temp.resolve("lib"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        int code =
                DoctorJob.runFromCommandLine(
                        new String[] {
                            "--model",
                            SampleData.MODEL.toString(),
                            "--device",
                            "cpu",
                            "--batch",
                            "1"
                        },
                        new PrintStream(bytes, true, StandardCharsets.UTF_8),
                        empty.toString());

        String output = bytes.toString(StandardCharsets.UTF_8);
        assertThat(code).as(output).isEqualTo(1);
        assertThat(output)
                .contains("FAIL  DJL engine ")
                .contains("PYTORCH_LIBRARY_PATH=" + empty + " names no libtorch.so")
                .contains("so DJL loaded that one instead")
                .doesNotContain("model load")
                .endsWith("Some checks FAILED; fix the first one above and run again.\n");
    }

    @Test
    void stopsBeforeTheEngineOnALibtorchOfAnotherVersion() throws IOException {
        // An unpacked libtorch of another version (a worker's torch 2.11) crashes DJL's JNI
        // library in native code, with no word of why: the doctor says so and does not start it.
        Path lib = Files.createDirectories(temp.resolve("libtorch/lib"));
        Files.writeString(lib.resolve("libtorch.so"), "");
        Files.writeString(temp.resolve("libtorch/build-version"), "2.11.0+cu128\n");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        int code =
                DoctorJob.runFromCommandLine(
                        new String[] {"--model", SampleData.MODEL.toString(), "--device", "cpu"},
                        new PrintStream(bytes, true, StandardCharsets.UTF_8),
                        lib.toString());

        String output = bytes.toString(StandardCharsets.UTF_8);
        assertThat(code).as(output).isEqualTo(1);
        assertThat(output)
                .contains(
                        "FAIL  libtorch build 2.11.0+cu128 ("
                                + temp.resolve("libtorch/build-version")
                                + "); DJL 0.36.0's PyTorch JNI library is built for libtorch 2.7.1"
                                + " and crashes in native code on 2.11.0")
                .doesNotContain("DJL engine");
    }

    private Path copyModel() throws IOException {
        return SampleData.copyModelTo(temp.resolve("model"));
    }
}
