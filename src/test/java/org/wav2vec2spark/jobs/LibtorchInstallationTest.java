package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

class LibtorchInstallationTest {
    @TempDir Path temp;

    @Test
    void readsTheBuildVersionOfTheLibtorchThePathNames() throws IOException {
        Path lib = Files.createDirectories(temp.resolve("libtorch/lib"));
        Files.writeString(lib.resolve("libtorch.so"), "");
        Path file = Files.writeString(temp.resolve("libtorch/build-version"), "2.7.1+cu126\n");

        assertThat(LibtorchInstallation.buildVersionFile(lib.toString())).isEqualTo(file);
        assertThat(LibtorchInstallation.buildVersionFile(lib.resolve("libtorch.so").toString()))
                .isEqualTo(file);
        // DJL's own download has no build-version: nothing to check.
        assertThat(LibtorchInstallation.buildVersionFile(temp.toString())).isNull();
        assertThat(LibtorchInstallation.buildVersionFile(null)).isNull();
        assertThat(LibtorchInstallation.jniLibtorchVersion()).isEqualTo("2.7.1");
        assertThat(LibtorchInstallation.buildVersionProblem("2.7.1+cu126", "2.7.1")).isEmpty();
        assertThat(LibtorchInstallation.buildVersionProblem("2.7.1", "2.7.1")).isEmpty();
        assertThat(LibtorchInstallation.buildVersionProblem("2.8.0+cpu", "2.7.1"))
                .contains("built for libtorch 2.7.1 and crashes in native code on 2.8.0");
    }

    @Test
    void saysWhenPytorchLibraryPathHoldsNoLibtorch() throws IOException {
        Path empty = Files.createDirectories(temp.resolve("lib"));
        Files.writeString(temp.resolve("libtorch.so"), "");

        assertThat(LibtorchInstallation.libraryPathProblem(empty.toString()))
                .contains("PYTORCH_LIBRARY_PATH=" + empty + " names no libtorch.so");
        assertThat(LibtorchInstallation.libraryPathProblem(temp.resolve("nowhere").toString()))
                .contains("nowhere names no libtorch.so");
        assertThat(LibtorchInstallation.libraryPathProblem(temp.toString())).isEmpty();
        assertThat(LibtorchInstallation.libraryPathProblem(null)).isEmpty();
        // DJL also takes the file itself, and a list with the path separator.
        assertThat(LibtorchInstallation.libraryPathProblem(temp.resolve("libtorch.so").toString()))
                .isEmpty();
        assertThat(
                        LibtorchInstallation.libraryPathProblem(
                                empty + java.io.File.pathSeparator + temp))
                .isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "/root/.djl.ai/pytorch/2.7.1-cpu-linux-x86_64, cpu",
        "/root/.djl.ai/pytorch/2.7.1-20250812-cpu-linux-x86_64, cpu",
        "/root/.djl.ai/pytorch/2.7.1-cu128-linux-x86_64, cu128",
        "/root/.djl.ai/pytorch/2.7.1-cu128-precxx11-linux-x86_64, cu128"
    })
    void readsTheFlavourFromDjlsFolderName(String path, String flavour) {
        assertThat(LibtorchInstallation.flavour(path)).isEqualTo(flavour);
    }
}
