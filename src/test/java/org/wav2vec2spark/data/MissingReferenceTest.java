package org.wav2vec2spark.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MissingReferenceTest {

    @Test
    void aMissingTranscriptIsNamedAsAFolderFileOrAnArchiveMember() {
        assertThat(MissingReference.noTranscriptFile("1-11-0000", "file:/d/1-11.trans.txt"))
                .isEqualTo(
                        "no reference for 1-11-0000: transcript file file:/d/1-11.trans.txt"
                                + " does not exist");
        assertThat(MissingReference.noTranscriptMember("1-11-0000", "a.tar!1-11.trans.txt"))
                .isEqualTo(
                        "no reference for 1-11-0000: the archive has no transcript member"
                                + " a.tar!1-11.trans.txt");
    }

    @Test
    void aTranscriptMemberBeyondTheDamageIsNotCalledMissing() {
        assertThat(MissingReference.transcriptMemberBeyondDamage("1-10-0000", "a.tar!x.trans.txt"))
                .isEqualTo(
                        "no reference for 1-10-0000: transcript member a.tar!x.trans.txt is not in"
                                + " the readable part of the damaged archive");
    }
}
