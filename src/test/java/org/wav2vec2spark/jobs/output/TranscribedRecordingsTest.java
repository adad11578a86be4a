package org.wav2vec2spark.jobs.output;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.wav2vec2spark.jobs.executor.RecordingKeySet;
import org.wav2vec2spark.jobs.executor.TranscriptRows;

import java.util.Iterator;
import java.util.List;

/** The done recordings a resumed transcribe run filters by, and sends its executors. */
class TranscribedRecordingsTest {
    private static final String ARCHIVE = "file:/data/train-0001.tar.gz";
    private static final String MEMBER = "LibriSpeech/train/1/1/1-1-0000.flac";

    @Test
    void onlyTheListedArchivesMembersAreSentToTheExecutors() {
        // Loose recordings are filtered on the driver, and another input's archives are not read:
        // broadcasting their keys cost each executor its heap (170 MB for a million keys).
        TranscribedRecordings done =
                TranscribedRecordings.ofRows(
                        rows(
                                row(ARCHIVE, MEMBER),
                                row("file:/data/loose/a.flac", null),
                                row("file:/data/train-0002.tar.gz", "x.flac"),
                                row(ARCHIVE + ".old", "x.flac")));

        RecordingKeySet sent = done.recordingsOf(List.of(ARCHIVE));

        assertThat(sent.size()).isEqualTo(1);
        assertThat(sent.contains(TranscriptRows.key(ARCHIVE, MEMBER))).isTrue();
        assertThat(done.recordingsOf(List.of()).isEmpty()).isTrue();
        assertThat(done.recordingsOf(List.of("file:/data/other.tar")).isEmpty()).isTrue();
    }

    @Test
    void looseRecordingsAreKnownByTheirPathAlone() {
        TranscribedRecordings done =
                TranscribedRecordings.ofRows(
                        rows(row("file:/data/loose/a.flac", null), row(ARCHIVE, MEMBER)));

        assertThat(done.containsLoose("file:/data/loose/a.flac")).isTrue();
        assertThat(done.containsLoose("file:/data/loose/b.flac")).isFalse();
        // A member is not a loose file, whatever its key spells.
        assertThat(done.containsLoose(TranscriptRows.key(ARCHIVE, MEMBER))).isFalse();
        assertThat(done.isEmpty()).isFalse();
    }

    @Test
    void anArchiveWhosePathHoldsTheSeparatorStillHasItsMembersSent() {
        String archive = "file:/data/Wow!/a.tar";
        TranscribedRecordings done =
                TranscribedRecordings.ofRows(
                        rows(row(archive, "x.flac"), row("file:/data/b.tar", "dir!/y.flac")));

        RecordingKeySet sent = done.recordingsOf(List.of(archive, "file:/data/b.tar"));

        assertThat(sent.size()).isEqualTo(2);
        assertThat(sent.contains(TranscriptRows.key(archive, "x.flac"))).isTrue();
        assertThat(sent.contains(TranscriptRows.key("file:/data/b.tar", "dir!/y.flac"))).isTrue();
    }

    @Test
    void partsOfSeveralRunsMergeIntoOneSetEach() {
        TranscribedRecordings firstRun =
                TranscribedRecordings.ofRows(rows(row(ARCHIVE, "a.flac"), row("l1.flac", null)));
        TranscribedRecordings secondRun =
                TranscribedRecordings.ofRows(
                        rows(row(ARCHIVE, "a.flac"), row(ARCHIVE, "b.flac"), row("l2.flac", null)));

        TranscribedRecordings done =
                new TranscribedRecordings.Merger().add(firstRun).add(secondRun).merged();

        assertThat(done.recordingsOf(List.of(ARCHIVE)).size()).isEqualTo(2);
        assertThat(done.containsLoose("l1.flac")).isTrue();
        assertThat(done.containsLoose("l2.flac")).isTrue();
        assertThat(new TranscribedRecordings.Merger().merged().isEmpty()).isTrue();
    }

    @Test
    void aParquetFilesRowsWithoutANameAreKnownByTheFile() {
        // Rows without audio.path are written with the file as their source and no member.
        String parquet = "file:/data/hf/test-00000.parquet";
        TranscribedRecordings done =
                TranscribedRecordings.ofRows(
                        rows(
                                row(parquet, null),
                                row(parquet, "1-1-0000.flac"),
                                row("file:/data/hf/other.parquet", null)));

        RecordingKeySet sent = done.recordingsOf(List.of(parquet));

        assertThat(sent.size()).isEqualTo(2);
        assertThat(sent.contains(parquet)).isTrue();
        assertThat(sent.contains(TranscriptRows.key(parquet, "1-1-0000.flac"))).isTrue();
        assertThat(sent.contains("file:/data/hf/other.parquet")).isFalse();
    }

    private static Row row(String source, String member) {
        return RowFactory.create(source, member);
    }

    private static Iterator<Row> rows(Row... rows) {
        return List.of(rows).iterator();
    }
}
