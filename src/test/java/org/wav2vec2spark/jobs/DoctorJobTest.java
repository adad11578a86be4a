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
import java.util.stream.Stream;

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
                "--model m --batch 0 | --batch must be 1 to 4096 and --seconds > 0, got 0",
                "--model | --model needs a value: DIR"
            })
    void usageErrorsNameTheOptionBeforeAnyCheckRuns(String args, String message) {
        Run run = doctor(args.split(" "));

        assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
        assertThat(run.output()).contains("doctor: " + message).doesNotContain("Java");
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
                .contains("PYTORCH_LIBRARY_PATH=" + empty + " holds no libtorch.so")
                .contains("so DJL loaded that one instead")
                .doesNotContain("model load")
                .endsWith("Some checks FAILED; fix the first one above and run again.\n");
    }

    @Test
    void saysWhenPytorchLibraryPathHoldsNoLibtorch() throws IOException {
        Path empty = Files.createDirectories(temp.resolve("lib"));
        Files.writeString(temp.resolve("libtorch.so"), "");

        assertThat(DoctorJob.libraryPathProblem(empty.toString()))
                .contains("PYTORCH_LIBRARY_PATH=" + empty + " holds no libtorch.so");
        assertThat(DoctorJob.libraryPathProblem(temp.resolve("nowhere").toString()))
                .endsWith("nowhere is not a folder");
        assertThat(DoctorJob.libraryPathProblem(temp.toString())).isEmpty();
        assertThat(DoctorJob.libraryPathProblem(null)).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "/root/.djl.ai/pytorch/2.7.1-cpu-linux-x86_64, cpu",
        "/root/.djl.ai/pytorch/2.7.1-20250812-cpu-linux-x86_64, cpu",
        "/root/.djl.ai/pytorch/2.7.1-cu128-linux-x86_64, cu128",
        "/root/.djl.ai/pytorch/2.7.1-cu128-precxx11-linux-x86_64, cu128"
    })
    void readsTheFlavourFromDjlsFolderName(String path, String flavour) {
        assertThat(DoctorJob.flavour(path)).isEqualTo(flavour);
    }

    private Path copyModel() throws IOException {
        Path copy = temp.resolve("model");
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(SampleData.MODEL)) {
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        return copy;
    }
}
