package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Properties;

class NightlyPresetTest {
    private static final String SOURCE = "conf/nightly.properties";

    @ParameterizedTest(name = "''{0}'' is {1}")
    @MethodSource("org.wav2vec2spark.jobs.cli.WholeNumberCases#accepted")
    void seedAcceptsSignedAsciiDigits(String text, long expected) {
        assertThat(NightlyPreset.policy(seed(text), SOURCE, 0).seed()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "''{0}''")
    @MethodSource("org.wav2vec2spark.jobs.cli.WholeNumberCases#refused")
    void seedRefusesAnythingElseNamingFileAndKey(String text, String message) {
        assertThatThrownBy(() -> NightlyPreset.policy(seed(text), SOURCE, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(SOURCE + ": " + NightlyPreset.BOOTSTRAP_SEED + message);
    }

    @Test
    void seedFallsBackWhenAbsent() {
        assertThat(NightlyPreset.policy(new Properties(), SOURCE, 0).seed())
                .isEqualTo(NightlyPreset.BOOTSTRAP_SEED_DEFAULT);
    }

    @Test
    void anExpectedWerWrittenAsAPercentageIsRefused() {
        // "10" meant 10%: as a fraction it expects 1000%, which no run would ever exceed.
        Properties preset = new Properties();
        preset.setProperty("expect.test-clean.wer", "10");

        assertThatThrownBy(() -> NightlyPreset.policy(preset, SOURCE, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        SOURCE
                                + ": expect.test-clean.wer is a fraction (0.1 for 10%), got 10,"
                                + " which would expect a WER of 1000%");
        preset.setProperty("expect.test-clean.wer", "1");
        assertThat(NightlyPreset.policy(preset, SOURCE, 0).expectedWer())
                .containsEntry("test-clean", 1.0);
    }

    private static Properties seed(String text) {
        Properties preset = new Properties();
        preset.setProperty(NightlyPreset.BOOTSTRAP_SEED, text);
        return preset;
    }
}
