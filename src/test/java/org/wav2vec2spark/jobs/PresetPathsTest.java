package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

class PresetPathsTest {
    private static final Path PRESET = Path.of("/opt/w2v/conf/nightly.properties");

    @Test
    void aRelativeLocationIsALocalFileBesideThePreset() {
        assertThat(PresetPaths.resolve(PRESET, "data", "../data-samples/LibriSpeech"))
                .isEqualTo("file:/opt/w2v/data-samples/LibriSpeech");
        assertThat(PresetPaths.resolve(PRESET, "model", "models/small"))
                .isEqualTo("file:/opt/w2v/conf/models/small");
        assertThat(PresetPaths.resolve(PRESET, "output", "./runs/x"))
                .isEqualTo("file:/opt/w2v/conf/runs/x");
    }

    @Test
    void eachEntryOfADataListIsResolvedOnItsOwn() {
        assertThat(
                        PresetPaths.resolve(
                                PRESET, "data", "test-clean.tar.gz, ../b.tar.gz,hdfs:///c.tar.gz"))
                .isEqualTo(
                        "file:/opt/w2v/conf/test-clean.tar.gz,file:/opt/w2v/b.tar.gz,hdfs:///c.tar.gz");
    }

    @Test
    void aRelativePresetIsTakenFromTheWorkingDirectory() {
        assertThat(PresetPaths.resolve(Path.of("conf/p.properties"), "model", "m"))
                .isEqualTo("file:" + Path.of("conf/m").toAbsolutePath());
    }

    @Test
    void absolutePathsAndUrisAreKeptAsWritten() {
        assertThat(PresetPaths.resolve(PRESET, "data", "/data/LibriSpeech"))
                .isEqualTo("/data/LibriSpeech");
        assertThat(PresetPaths.resolve(PRESET, "data", "hdfs:///asr/LibriSpeech"))
                .isEqualTo("hdfs:///asr/LibriSpeech");
        assertThat(PresetPaths.resolve(PRESET, "model", "s3a://bucket/model"))
                .isEqualTo("s3a://bucket/model");
        assertThat(PresetPaths.resolve(PRESET, "output", "file:/tmp/out"))
                .isEqualTo("file:/tmp/out");
    }

    @Test
    void otherOptionsAreNotPaths() {
        assertThat(PresetPaths.resolve(PRESET, "splits", "test-clean")).isEqualTo("test-clean");
        assertThat(PresetPaths.resolve(PRESET, "master", "local[2]")).isEqualTo("local[2]");
    }

    @Test
    void aTildeIsRefusedNamingThePresetAndKey() {
        // Resolved as relative, output = ~/runs wrote to a folder "~" beside the preset.
        assertThatThrownBy(() -> PresetPaths.resolve(PRESET, "output", "~/runs"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        PRESET
                                + ": output = ~/runs: '~' is not expanded in a preset; give the"
                                + " path from /");
        assertThatThrownBy(() -> PresetPaths.resolve(PRESET, "data", "/a.tar.gz,~/b.tar.gz"))
                .hasMessageContaining(": data = ~/b.tar.gz: '~' is not expanded");
    }
}
