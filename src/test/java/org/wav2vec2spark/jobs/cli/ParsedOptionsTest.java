package org.wav2vec2spark.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
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

    @ParameterizedTest(name = "''{0}'' is {1}")
    @MethodSource("org.wav2vec2spark.jobs.cli.WholeNumberCases#acceptedAsCount")
    void wholeNumberWithinAcceptsTheRange(String text, int expected) {
        assertThat(batch(text).wholeNumberWithin("batch", 4, 0, Integer.MAX_VALUE))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "''{0}''")
    @MethodSource({
        "org.wav2vec2spark.jobs.cli.WholeNumberCases#refused",
        "org.wav2vec2spark.jobs.cli.WholeNumberCases#refusedAsCount"
    })
    void wholeNumberWithinRefusesWhatAnIntCastWouldWrap(String text, String message) {
        assertThatThrownBy(() -> batch(text).wholeNumberWithin("batch", 4, 0, Integer.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--batch" + message);
    }

    @Test
    void wholeNumberWithinNamesAPresetKeyAndFallsBackWhenAbsent() {
        ParsedOptions preset =
                new ParsedOptions(Map.of()).over(Map.of("batch", "0"), "p.properties");

        assertThatThrownBy(() -> preset.wholeNumberWithin("batch", 4, 1, 4096))
                .hasMessage("p.properties: batch must be from 1 to 4096, got 0");
        assertThat(new ParsedOptions(Map.of()).wholeNumberWithin("batch", 4, 1, 4096)).isEqualTo(4);
    }

    @Test
    void fractionTakesZeroToOneOnly() {
        assertThat(batch("0.25").fraction("batch", 1)).isEqualTo(0.25);
        assertThat(batch("1").fraction("batch", 0)).isEqualTo(1);
        assertThat(new ParsedOptions(Map.of()).fraction("batch", 0.5)).isEqualTo(0.5);
        for (String bad : List.of("-0.1", "1.5", "NaN")) {
            assertThatThrownBy(() -> batch(bad).fraction("batch", 0))
                    .as(bad)
                    .hasMessage("--batch must be between 0 and 1, got " + Double.parseDouble(bad));
        }
    }

    @Test
    void wholeNumberFallsBackWhenAbsent() {
        assertThat(new ParsedOptions(Map.of()).wholeNumber("batch", 4)).isEqualTo(4);
    }

    @Test
    void defaultsFillOnlyWhatNeitherTheCommandLineNorThePresetGave() {
        ParsedOptions values =
                new ParsedOptions(Map.of("model", List.of("m")))
                        .over(Map.of("data", "from-preset"), "preset.properties");
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("data", "d0");
        defaults.put("model", "m0");
        defaults.put("output", "o0");

        ParsedOptions withDefaults = values.orDefaults(defaults);

        assertThat(withDefaults.get("data")).isEqualTo("from-preset");
        assertThat(withDefaults.get("model")).isEqualTo("m");
        assertThat(withDefaults.get("output")).isEqualTo("o0");
        assertThat(withDefaults.defaultsTaken()).containsExactly(Map.entry("output", "o0"));
        assertThat(withDefaults.subject("data")).isEqualTo("preset.properties: data");
        assertThat(values.defaultsTaken()).isEmpty();
    }

    @Test
    void aRequiredOptionLeftBlankIsNamedWhereItWasLeftBlank() {
        ParsedOptions fromPreset =
                new ParsedOptions(Map.of()).over(Map.of("model", ""), "p.properties");
        ParsedOptions fromCommandLine = new ParsedOptions(Map.of("model", List.of(" ")));

        // A blank preset line used to read "--model is required", as if nothing had set it.
        assertThatThrownBy(() -> fromPreset.required("model"))
                .hasMessage("p.properties: model is required, got an empty value");
        assertThatThrownBy(() -> fromCommandLine.required("model"))
                .hasMessage("--model is required, got an empty value");
        assertThatThrownBy(() -> new ParsedOptions(Map.of()).required("model"))
                .hasMessage("--model is required (see --help)");
    }

    private static ParsedOptions batch(String text) {
        return new ParsedOptions(Map.of("batch", List.of(text)));
    }
}
