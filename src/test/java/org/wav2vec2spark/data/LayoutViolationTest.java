package org.wav2vec2spark.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LayoutViolationTest {

    @Test
    void aFolderFileIsShownTheShapeBelowTheDataRoot() {
        assertThat(LayoutViolation.folderFile("file:/data/test-other/2/20/stray.flac"))
                .isEqualTo(
                        "file:/data/test-other/2/20/stray.flac does not follow the LibriSpeech"
                            + " layout <split>/<speaker>/<chapter>/<speaker>-<chapter>-<utt>.flac"
                            + " (or <speaker>-<chapter>.trans.txt)");
    }

    @Test
    void anArchiveMemberIsShownTheShapeBelowItsLibriSpeechFolder() {
        String member = "file:/a.tar.gz!LibriSpeech/test-other/2/20/stray.flac";

        // The same words; only the quoted shape gains the folder OpenSLR's archives start with.
        assertThat(LayoutViolation.archiveMember(member))
                .isEqualTo(
                        LayoutViolation.folderFile(member)
                                .replace(" <split>/", " LibriSpeech/<split>/"));
    }
}
