package org.wav2vec2spark.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.EngineException;
import ai.djl.translate.TranslateException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

class OutOfMemoryErrorsTest {

    static Stream<Arguments> failures() {
        // Messages as libtorch 2.x words them (c10/cuda/CUDACachingAllocator.cpp,
        // c10/cuda/CUDAException.h, c10/core/impl/alloc_cpu.cpp, ATen's cuBLAS checks).
        return Stream.of(
                Arguments.of(
                        new EngineException(
                                "CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total"
                                        + " capacity of 79.10 GiB of which 1.2 GiB is free."),
                        true),
                Arguments.of(
                        new TranslateException(
                                new EngineException(
                                        "CUDA error: out of memory\nCUDA kernel errors")),
                        true),
                Arguments.of(
                        new EngineException(
                                "CUDA error: CUBLAS_STATUS_ALLOC_FAILED when calling"
                                        + " `cublasCreate(handle)`"),
                        true),
                Arguments.of(
                        new EngineException(
                                "[enforce fail at alloc_cpu.cpp:117] data. DefaultCPUAllocator:"
                                        + " can't allocate memory: you tried to allocate 4 bytes."),
                        true),
                Arguments.of(
                        new RuntimeException("wrapped", new OutOfMemoryError("Java heap space")),
                        true),
                Arguments.of(new EngineException("c10::OutOfMemoryError"), true),
                Arguments.of(
                        new EngineException(
                                "The size of tensor a (3) must match the size of tensor b (4)"),
                        false),
                Arguments.of(new TranslateException("Input has NaN"), false),
                Arguments.of(new IllegalStateException((String) null), false));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("failures")
    void recognisesOutOfMemory(Throwable failure, boolean expected) {
        assertThat(OutOfMemoryErrors.isOutOfMemory(failure)).isEqualTo(expected);
    }

    @Test
    void survivesCauseCycles() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertThat(OutOfMemoryErrors.isOutOfMemory(b)).isFalse();
    }
}
