package org.wav2vec2spark.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Every device rule on plain data: no GPU and no Spark needed. */
class DevicePlannerTest {

    private static final Map<String, List<String>> NONE = Map.of();

    private static Map<String, List<String>> gpus(String... addresses) {
        return Map.of("gpu", List.of(addresses));
    }

    static Stream<Arguments> choices() {
        return Stream.of(
                // setting, task resources, GPUs libtorch sees -> device
                Arguments.of("auto", NONE, 0, Device.cpu()),
                Arguments.of("auto", NONE, 1, Device.gpu(0)),
                Arguments.of("auto", NONE, 4, Device.gpu(0)),
                Arguments.of("gpu", NONE, 2, Device.gpu(0)),
                Arguments.of("cpu", NONE, 2, Device.cpu()),
                // Spark's resource scheduling wins over "GPU 0".
                Arguments.of("auto", gpus("3"), 4, Device.gpu(3)),
                Arguments.of("gpu", gpus("1"), 2, Device.gpu(1)),
                Arguments.of("auto", gpus(" 2 "), 4, Device.gpu(2)),
                // A task given two GPUs runs its one predictor on the first.
                Arguments.of("gpu", gpus("1", "0"), 2, Device.gpu(1)),
                // --device cpu keeps the CPU even on a GPU task slot.
                Arguments.of("cpu", gpus("1"), 2, Device.cpu()),
                // Other resources (e.g. FPGAs) do not pick a device.
                Arguments.of("auto", Map.of("fpga", List.of("0")), 0, Device.cpu()),
                Arguments.of("auto", Map.of("gpu", List.of()), 1, Device.gpu(0)));
    }

    @ParameterizedTest(name = "{0} with {1} and {2} visible GPU(s) -> {3}")
    @MethodSource("choices")
    void choosesTheDevice(
            String setting, Map<String, List<String>> resources, int visible, Device expected) {
        assertThat(DevicePlanner.choose(setting, resources, visible)).isEqualTo(expected);
    }

    static Stream<Arguments> contradictions() {
        return Stream.of(
                Arguments.of("gpu", NONE, 0, "--device gpu but libtorch sees no GPU"),
                Arguments.of("auto", gpus("a0"), 2, "Spark assigned GPU address 'a0'"),
                Arguments.of("gpu", gpus("GPU-8d1e"), 2, "expected a GPU index such as 0"),
                Arguments.of("auto", gpus("0"), 0, "Spark assigned GPU 0 but libtorch sees no GPU"),
                Arguments.of("auto", gpus("2"), 2, "Spark assigned GPU 2 but libtorch sees 2"),
                Arguments.of("gpu", gpus("-1"), 2, "indices 0..1"));
    }

    @ParameterizedTest(name = "{0} with {1} and {2} visible GPU(s): {3}")
    @MethodSource("contradictions")
    void explainsContradictions(
            String setting, Map<String, List<String>> resources, int visible, String message) {
        assertThatThrownBy(() -> DevicePlanner.choose(setting, resources, visible))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(message);
    }

    @ParameterizedTest(name = "{0} with {1} visible GPUs")
    @MethodSource("badArguments")
    void refusesBadArguments(String setting, int visible, String message) {
        assertThatThrownBy(() -> DevicePlanner.choose(setting, NONE, visible))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    static Stream<Arguments> badArguments() {
        return Stream.of(
                Arguments.of("cuda", 1, "--device must be auto, cpu or gpu, got 'cuda'"),
                Arguments.of("auto", -1, "got -1"));
    }
}
