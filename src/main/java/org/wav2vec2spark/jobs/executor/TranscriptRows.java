package org.wav2vec2spark.jobs.executor;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.wav2vec2spark.ctc.WordTiming;

import java.util.ArrayList;
import java.util.List;

/** The schema of the transcribe job's output, one row per recording, and rows of results. */
public final class TranscriptRows {

    /** A word and where it is, in seconds from the recording's start. */
    public static final StructType WORD =
            new StructType()
                    .add("word", DataTypes.StringType, false)
                    .add("start", DataTypes.DoubleType, false)
                    .add("end", DataTypes.DoubleType, false);

    /** The output schema. */
    public static final StructType SCHEMA =
            new StructType()
                    .add("source", DataTypes.StringType, false)
                    .add("member", DataTypes.StringType, true)
                    .add("duration_seconds", DataTypes.DoubleType, false)
                    .add("transcript", DataTypes.StringType, true)
                    .add("status", DataTypes.StringType, false)
                    .add("error", DataTypes.StringType, true)
                    .add("model_id", DataTypes.StringType, false)
                    .add("words", DataTypes.createArrayType(WORD, false), true);

    /** Status of a recording that was transcribed. */
    public static final String OK = "ok";

    /** Status of a recording that could not be transcribed. */
    public static final String FAILED = "failed";

    /** What joins an archive's path and its member's in a {@link #key}. */
    public static final String MEMBER_SEPARATOR = "!";

    private TranscriptRows() {}

    /**
     * One result as a row of {@link #SCHEMA}.
     *
     * @param result the recording's result
     * @param modelId the model that produced it
     * @param secondsPerFrame the model's CTC frame length: its feature encoder's strides
     *     multiplied, over the sample rate (320 / 16000 = 0.02 s for wav2vec2)
     * @return the row
     */
    public static Row toRow(TranscriptionResult result, String modelId, double secondsPerFrame) {
        List<Row> words = null;
        if (result.words() != null) {
            words = new ArrayList<>(result.words().size());
            for (WordTiming w : result.words()) {
                words.add(
                        RowFactory.create(
                                w.word(),
                                round(w.startSeconds(secondsPerFrame)),
                                round(w.endSeconds(secondsPerFrame))));
            }
        }
        return RowFactory.create(
                result.source(),
                result.member(),
                result.durationSeconds(),
                result.transcript(),
                result.ok() ? OK : FAILED,
                result.error(),
                modelId,
                words == null ? null : words.toArray(new Row[0]));
    }

    /** The key a recording is known by across runs: the source, and the member in an archive. */
    public static String key(String source, String member) {
        return member == null ? source : source + MEMBER_SEPARATOR + member;
    }

    // Frame counts times 0.02 s are not exact in binary; keep the written value to the millisecond.
    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}
