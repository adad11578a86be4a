package org.wav2vec2spark.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MissingAudioTest {

    private static final String TRANSCRIPT = "file:/data/test-clean/1/10/1-10.trans.txt";
    private static final TranscriptLine LINE =
            new TranscriptLine(TRANSCRIPT, 2, "1-10-0002", "HELLO", null);

    @Test
    void aFolderNamesTheAudioFileItLookedFor() {
        // The form the README documents for a transcript line with no audio file.
        assertThat(MissingAudio.noFile(LINE, "file:/data/test-clean/1/10/1-10-0002.flac"))
                .isEqualTo(
                        TRANSCRIPT
                                + ":2: transcript line for 1-10-0002 has no audio file"
                                + " file:/data/test-clean/1/10/1-10-0002.flac");
    }

    @Test
    void anArchiveSaysTheSameOfItsMember() {
        String member = "file:/a.tar.gz!LibriSpeech/test-clean/1/10/1-10-0002.flac";

        assertThat(MissingAudio.noMember(LINE, member))
                .isEqualTo(MissingAudio.noFile(LINE, member).replace("audio file", "audio member"));
    }

    @Test
    void aMemberBeyondTheDamageIsNotCalledMissing() {
        assertThat(MissingAudio.memberBeyondDamage(LINE, "a.tar.gz!x.flac"))
                .isEqualTo(
                        TRANSCRIPT
                                + ":2: transcript line for 1-10-0002: audio member a.tar.gz!x.flac"
                                + " is not in the readable part of the damaged archive");
    }
}
