package org.wav2vec2spark.jobs.executor;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.wav2vec2spark.metrics.EditCounts;
import org.wav2vec2spark.report.UtteranceResult;

import java.util.List;

/** The Parquet schema of per-utterance results, and the conversions between results and rows. */
public final class ResultRows {

    /** Column names, in schema order. */
    public static final StructType SCHEMA =
            new StructType()
                    .add("id", DataTypes.StringType, false)
                    .add("split", DataTypes.StringType, false)
                    .add("speaker", DataTypes.StringType, false)
                    .add("chapter", DataTypes.StringType, false)
                    .add("audio_uri", DataTypes.StringType, true)
                    .add("duration_seconds", DataTypes.DoubleType, false)
                    .add("reference", DataTypes.StringType, true)
                    .add("hypothesis", DataTypes.StringType, true)
                    .add("substitutions", DataTypes.LongType, false)
                    .add("deletions", DataTypes.LongType, false)
                    .add("insertions", DataTypes.LongType, false)
                    .add("reference_words", DataTypes.LongType, false)
                    .add("character_substitutions", DataTypes.LongType, false)
                    .add("character_deletions", DataTypes.LongType, false)
                    .add("character_insertions", DataTypes.LongType, false)
                    .add("reference_characters", DataTypes.LongType, false)
                    .add("status", DataTypes.StringType, false)
                    .add("error", DataTypes.StringType, true);

    /**
     * The word-count columns {@link #wordCounts} reads: reference words, substitutions, deletions,
     * insertions.
     */
    public static final List<String> WORD_COUNT_COLUMNS =
            List.of("reference_words", "substitutions", "deletions", "insertions");

    /** The character-count columns {@link #characterCounts} reads, in the same roles. */
    public static final List<String> CHARACTER_COUNT_COLUMNS =
            List.of(
                    "reference_characters",
                    "character_substitutions",
                    "character_deletions",
                    "character_insertions");

    private ResultRows() {}

    /** One result as a row of {@link #SCHEMA}. */
    public static Row toRow(UtteranceResult r) {
        return RowFactory.create(
                r.id(),
                r.split(),
                r.speaker(),
                r.chapter(),
                r.audioUri(),
                r.durationSeconds(),
                r.reference(),
                r.hypothesis(),
                r.words().substitutions(),
                r.words().deletions(),
                r.words().insertions(),
                r.words().referenceLength(),
                r.characters().substitutions(),
                r.characters().deletions(),
                r.characters().insertions(),
                r.characters().referenceLength(),
                r.status(),
                r.error());
    }

    /** A row of {@link #SCHEMA} as a result: the inverse of {@link #toRow}. */
    public static UtteranceResult toResult(Row row) {
        return new UtteranceResult(
                row.getAs("id"),
                row.getAs("split"),
                row.getAs("speaker"),
                row.getAs("chapter"),
                row.getAs("audio_uri"),
                row.<Double>getAs("duration_seconds"),
                row.getAs("reference"),
                row.getAs("hypothesis"),
                wordCounts(row),
                characterCounts(row),
                row.getAs("status"),
                row.getAs("error"));
    }

    /**
     * The word counts of a row that has the {@link #WORD_COUNT_COLUMNS}, read by name, so that the
     * row may hold only some columns of {@link #SCHEMA}, in any order, or their per-split sums.
     */
    public static EditCounts wordCounts(Row row) {
        return counts(row, WORD_COUNT_COLUMNS);
    }

    /** The character counts of a row that has the {@link #CHARACTER_COUNT_COLUMNS}, by name. */
    public static EditCounts characterCounts(Row row) {
        return counts(row, CHARACTER_COUNT_COLUMNS);
    }

    private static EditCounts counts(Row row, List<String> columns) {
        long referenceLength = row.<Long>getAs(columns.get(0));
        long substitutions = row.<Long>getAs(columns.get(1));
        long deletions = row.<Long>getAs(columns.get(2));
        long insertions = row.<Long>getAs(columns.get(3));
        return new EditCounts(
                referenceLength - substitutions - deletions, substitutions, deletions, insertions);
    }
}
