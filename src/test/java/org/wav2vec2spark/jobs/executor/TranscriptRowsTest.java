package org.wav2vec2spark.jobs.executor;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.wav2vec2spark.ctc.WordTiming;

import java.util.Arrays;
import java.util.List;

/** Rows of the transcribe job's output, word times included. */
class TranscriptRowsTest {

    private static final TranscriptionResult RESULT =
            new TranscriptionResult(
                    "file:/a.flac",
                    null,
                    2.5,
                    "HELLO WORLD",
                    List.of(new WordTiming("HELLO", 3, 17), new WordTiming("WORLD", 21, 40)),
                    1,
                    null);

    @Test
    void wordTimesFollowTheModelsFrameLength() {
        // wav2vec2: strides 5 x 2^6 = 320 samples, 20 ms a frame; a model striding 640, 40 ms.
        assertThat(times(TranscriptRows.toRow(RESULT, "m", 320 / 16000.0)))
                .containsExactly("HELLO 0.06-0.34", "WORLD 0.42-0.8");
        assertThat(times(TranscriptRows.toRow(RESULT, "m", 640 / 16000.0)))
                .containsExactly("HELLO 0.12-0.68", "WORLD 0.84-1.6");
    }

    @Test
    void aFailedResultHasNoWords() {
        TranscriptionResult failed =
                new TranscriptionResult("file:/b.flac", null, 0, null, null, 0, "b.flac: bad");

        Row row = TranscriptRows.toRow(failed, "m", 0.02);

        assertThat(row.get(field("status"))).isEqualTo(TranscriptRows.FAILED);
        assertThat(row.get(field("error"))).isEqualTo("b.flac: bad");
        assertThat(row.get(field("words"))).isNull();
    }

    /** Rows are built without a schema attached, so fields are found through the schema. */
    private static int field(String name) {
        return TranscriptRows.SCHEMA.fieldIndex(name);
    }

    private static List<String> times(Row row) {
        return Arrays.stream((Row[]) row.get(field("words")))
                .map(w -> w.getString(0) + " " + w.getDouble(1) + "-" + w.getDouble(2))
                .toList();
    }
}
