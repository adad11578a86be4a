package org.wav2vec2spark.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;

class ParsedOptionsTest {

    @ParameterizedTest(name = "''{0}'' is {1}")
    @MethodSource("org.wav2vec2spark.jobs.cli.WholeNumberCases#accepted")
    void wholeNumberAcceptsSignedAsciiDigits(String text, long expected) {
        assertThat(batch(text).wholeNumber("batch", 0)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "''{0}''")
    @MethodSource("org.wav2vec2spark.jobs.cli.WholeNumberCases#refused")
    void wholeNumberRefusesAnythingElseNamingTheOption(String text, String message) {
        assertThatThrownBy(() -> batch(text).wholeNumber("batch", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--batch" + message);
    }

    @Test
    void wholeNumberFallsBackWhenAbsent() {
        assertThat(new ParsedOptions(Map.of()).wholeNumber("batch", 4)).isEqualTo(4);
    }

    private static ParsedOptions batch(String text) {
        return new ParsedOptions(Map.of("batch", List.of(text)));
    }
}
