package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.wav2vec2spark.data.InputFile;
import org.wav2vec2spark.data.InputKind;
import org.wav2vec2spark.jobs.executor.TranscriptRows;

import java.util.List;
import java.util.Set;

/** What a resumed transcribe run sends its executors of the keys earlier runs transcribed. */
class TranscribeJobResumeTest {

    @Test
    void onlyTheListedArchivesMembersDoneAreSentToTheExecutors() {
        String archive = "file:/data/train-0001.tar.gz";
        String member = TranscriptRows.key(archive, "LibriSpeech/train/1/1/1-1-0000.flac");
        // Loose recordings are filtered on the driver, and another input's archives are not read:
        // broadcasting their keys cost each executor its heap (170 MB for a million keys).
        Set<String> done =
                Set.of(
                        member,
                        TranscriptRows.key("file:/data/loose/a.flac", null),
                        TranscriptRows.key("file:/data/train-0002.tar.gz", "x.flac"),
                        TranscriptRows.key(archive + ".old", "x.flac"));

        Set<String> sent =
                TranscribeJob.membersDone(
                        done, List.of(new InputFile(archive, 1, InputKind.TAR_GZ)));

        assertThat(sent).containsExactly(member);
        assertThat(TranscribeJob.membersDone(done, List.of())).isEmpty();
    }

    @Test
    void anArchiveWhosePathHoldsTheSeparatorStillHasItsMembersSent() {
        String archive = "file:/data/Wow!/a.tar";
        String member = TranscriptRows.key(archive, "x.flac");
        String memberWithSeparator = TranscriptRows.key("file:/data/b.tar", "dir!/y.flac");

        Set<String> sent =
                TranscribeJob.membersDone(
                        Set.of(member, memberWithSeparator),
                        List.of(
                                new InputFile(archive, 1, InputKind.TAR),
                                new InputFile("file:/data/b.tar", 1, InputKind.TAR)));

        assertThat(sent).containsExactlyInAnyOrder(member, memberWithSeparator);
    }
}
