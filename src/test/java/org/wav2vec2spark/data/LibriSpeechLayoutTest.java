package org.wav2vec2spark.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

class LibriSpeechLayoutTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            nullValues = "-",
            value = {
                // path                                          split       speaker chapter id
                "test-clean/1089/134686/1089-134686-0000.flac,   test-clean, 1089, 134686,"
                        + " 1089-134686-0000",
                "test-other/1688/142285/1688-142285-0042.flac,   test-other, 1688, 142285,"
                        + " 1688-142285-0042",
                // the file name must agree with the speaker and chapter folders
                "test-clean/1089/134686/1090-134686-0000.flac,   -, -, -, -",
                "test-clean/1089/134686/1089-134687-0000.flac,   -, -, -, -",
                // wrong depth
                "test-clean/1089/1089-134686-0000.flac,          -, -, -, -",
                "x/test-clean/1089/134686/1089-134686-0000.flac, -, -, -, -",
                // not audio
                "test-clean/1089/134686/1089-134686.trans.txt,   -, -, -, -",
            })
    void parsesAudioPaths(String path, String split, String speaker, String chapter, String id) {
        Optional<UtteranceKey> key = LibriSpeechLayout.parseAudioPath(path);
        if (split == null) {
            assertThat(key).isEmpty();
        } else {
            assertThat(key).contains(new UtteranceKey(split, speaker, chapter, id));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            nullValues = "-",
            value = {
                "test-clean/1089/134686/1089-134686.trans.txt, test-clean, 1089, 134686",
                "test-clean/1089/134686/1089-134687.trans.txt, -, -, -",
                "test-clean/1089/1089-134686.trans.txt,        -, -, -",
            })
    void parsesTranscriptPaths(String path, String split, String speaker, String chapter) {
        Optional<UtteranceKey> key = LibriSpeechLayout.parseTranscriptPath(path);
        if (split == null) {
            assertThat(key).isEmpty();
        } else {
            assertThat(key).contains(new UtteranceKey(split, speaker, chapter, ""));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "1089-134686-0000, true",
        "1089-134686-12,   true",
        "1089-134687-0000, false",
        "1090-134686-0000, false",
        "1089-134686,      false",
        "1089-134686-00a,  false",
    })
    void checksChapterOfIds(String id, boolean belongs) {
        UtteranceKey chapter = new UtteranceKey("test-clean", "1089", "134686", "");
        assertThat(LibriSpeechLayout.belongsToChapter(id, chapter)).isEqualTo(belongs);
    }

    @org.junit.jupiter.api.Test
    void buildsPathsOfAChapter() {
        UtteranceKey chapter = new UtteranceKey("test-clean", "1089", "134686", "");
        assertThat(LibriSpeechLayout.audioPathOf(chapter, "1089-134686-0003"))
                .isEqualTo("test-clean/1089/134686/1089-134686-0003.flac");
        assertThat(LibriSpeechLayout.transcriptPathOf(chapter))
                .isEqualTo("test-clean/1089/134686/1089-134686.trans.txt");
    }
}
