package org.wav2vec2spark.jobs.output;

import com.google.gson.JsonObject;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.wav2vec2spark.data.HadoopFiles;
import org.wav2vec2spark.jobs.executor.ResultRows;
import org.wav2vec2spark.metrics.EditCounts;
import org.wav2vec2spark.nightly.DataFingerprint;
import org.wav2vec2spark.nightly.HistoryRecord;
import org.wav2vec2spark.nightly.UtteranceOutcome;
import org.wav2vec2spark.report.JsonFields;
import org.wav2vec2spark.report.RunSummary;
import org.wav2vec2spark.report.SplitSummary;
import org.wav2vec2spark.report.SummaryJson;
import org.wav2vec2spark.report.UtteranceResult;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A finished evaluate run as the nightly job reads it: the per-utterance outcomes from {@code
 * utterances/} (Parquet, {@link ResultRows#SCHEMA}) and the model and throughput from {@code
 * summary.json}. Per-split totals are recomputed from the outcomes, so that the totals, the data
 * fingerprint and the bootstrap all describe the same rows.
 *
 * <p>A run is read only when it is complete: {@code utterances/} must hold Spark's {@code
 * _SUCCESS}, and the counts read back per split must equal those in {@code summary.json}; a part
 * file lost or deleted after the run would otherwise make a smaller run look like a good one, and
 * an edited {@code summary.json} would put other numbers in the report than in the history.
 *
 * @param outputUri the run's folder, fully qualified
 * @param utterances one outcome per utterance
 * @param summary the run's {@code summary.json}, parsed
 */
public record RunOutputs(String outputUri, List<UtteranceOutcome> utterances, RunSummary summary) {

    /** The columns an outcome needs; the texts and errors of a run are not read. */
    private static final List<String> UTTERANCE_COLUMNS =
            Stream.of(
                            List.of("split", "id", "reference", "status", "duration_seconds"),
                            ResultRows.WORD_COUNT_COLUMNS,
                            ResultRows.CHARACTER_COUNT_COLUMNS)
                    .flatMap(List::stream)
                    .toList();

    /** Reads a run folder; a missing part is an error naming it. */
    public static RunOutputs read(SparkSession spark, String uri) throws IOException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Path folder = new Path(uri);
        String qualified = folder.getFileSystem(conf).makeQualified(folder).toString();
        RunOutputs run =
                new RunOutputs(
                        qualified, readUtterances(spark, qualified), readSummary(conf, qualified));
        run.requireSummaryCounts();
        return run;
    }

    /** Reads only the per-utterance outcomes of a run folder. */
    public static List<UtteranceOutcome> readUtterances(SparkSession spark, String uri)
            throws IOException {
        String results = RunFolder.utterances(uri);
        requireCommitted(spark.sparkContext().hadoopConfiguration(), uri, results);
        List<Row> rows;
        try {
            rows =
                    spark.read()
                            .parquet(results)
                            .select(
                                    UTTERANCE_COLUMNS.stream()
                                            .map(functions::col)
                                            .toArray(Column[]::new))
                            .collectAsList();
        } catch (Exception e) { // Spark's AnalysisException is checked but thrown unchecked
            throw new IOException(
                    "Cannot read the run's per-utterance results "
                            + results
                            + ": "
                            + e.getMessage(),
                    e);
        }
        return rows.stream()
                .map(
                        row ->
                                new UtteranceOutcome(
                                        row.getAs("split"),
                                        row.getAs("id"),
                                        Objects.requireNonNullElse(row.getAs("reference"), ""),
                                        UtteranceResult.OK.equals(row.getAs("status")),
                                        row.<Double>getAs("duration_seconds"),
                                        ResultRows.wordCounts(row),
                                        ResultRows.characterCounts(row)))
                .toList();
    }

    /**
     * Checks that the results folder exists and was committed, before Spark, which answers a
     * missing folder with pages of warnings, is asked to read it.
     */
    private static void requireCommitted(Configuration conf, String uri, String results)
            throws IOException {
        Path folder = new Path(uri);
        FileSystem fs = folder.getFileSystem(conf);
        String missing = null;
        if (!fs.isDirectory(folder)) {
            missing = "the run folder " + uri + " does not exist or is not a folder";
        } else if (!fs.isDirectory(new Path(results))) {
            missing = uri + " has no utterances/ folder; is it an evaluate run's output?";
        }
        if (missing != null) {
            throw new IOException(
                    "Cannot read the run's per-utterance results " + results + ": " + missing);
        }
        if (!fs.exists(new Path(results, "_SUCCESS"))) {
            throw new IOException(
                    "The run's per-utterance results "
                            + results
                            + " are incomplete: there is no _SUCCESS, so the evaluate run that"
                            + " wrote them did not finish, or files were removed since");
        }
    }

    /**
     * Checks that every split's counts read back (utterances, failures, word and character edits)
     * equal {@code summary.json}'s, so that a run missing part files is refused rather than
     * recorded, and the report rewritten from {@code summary.json} shows what the history records.
     */
    private void requireSummaryCounts() throws IOException {
        Map<String, SplitSummary> expected = summary.splits();
        Map<String, SplitSummary> actual = splits();
        List<String> mismatches = new ArrayList<>();
        for (String split : SplitSummary.withOtherCounts(expected, actual)) {
            mismatches.add(
                    String.format(
                            Locale.ROOT,
                            "%s has %s in utterances/ but %s in summary.json",
                            split,
                            counts(actual.get(split)),
                            counts(expected.get(split))));
        }
        if (!mismatches.isEmpty()) {
            throw new IOException(
                    "The run "
                            + outputUri
                            + " is incomplete or was changed after it finished: "
                            + String.join("; ", mismatches));
        }
    }

    /** A split's counts as the mismatch message shows them. */
    private static String counts(SplitSummary split) {
        if (split == null) {
            return "no utterances";
        }
        EditCounts w = split.words();
        EditCounts c = split.characters();
        return String.format(
                Locale.ROOT,
                "%d utterances (%d failed), %d words (%d S, %d D, %d I), %d characters (%d S, %d D,"
                        + " %d I)",
                split.utterances(),
                split.failed(),
                w.referenceLength(),
                w.substitutions(),
                w.deletions(),
                w.insertions(),
                c.referenceLength(),
                c.substitutions(),
                c.deletions(),
                c.insertions());
    }

    /** The history record of this run (not regressed). */
    public HistoryRecord record(String runTime, String projectCommit) {
        // The speed is recomputed from the seconds rather than taken on trust.
        RunSummary.RunInfo run = summary.run();
        return new HistoryRecord(
                runTime,
                run.startedAt(),
                projectCommit,
                summary.model().id(),
                summary.model().sha256(),
                DataFingerprint.of(utterances),
                splits(),
                run.audioSeconds(),
                run.wallSeconds(),
                run.realTimeFactor(),
                outputUri,
                false);
    }

    private Map<String, SplitSummary> splits() {
        return splits(utterances);
    }

    private static Map<String, SplitSummary> splits(List<UtteranceOutcome> utterances) {
        Map<String, SplitSummary> splits = new TreeMap<>();
        for (UtteranceOutcome u : utterances) {
            SplitSummary split =
                    new SplitSummary(
                            u.split(),
                            1,
                            u.ok() ? 0 : 1,
                            u.ok() ? u.durationSeconds() : 0,
                            u.words(),
                            u.characters());
            splits.merge(u.split(), split, SplitSummary::plus);
        }
        return splits;
    }

    /**
     * Reads {@code summary.json} as its reader parses it, once: a field missing or of the wrong
     * type is an error naming the file.
     */
    private static RunSummary readSummary(Configuration conf, String uri) throws IOException {
        String file = RunFolder.summary(uri);
        String text = new String(HadoopFiles.readAllBytes(conf, file), StandardCharsets.UTF_8);
        try {
            JsonObject json = JsonFields.parseObject(text);
            for (String part : List.of("model", "run")) {
                if (!json.has(part)) {
                    throw new IllegalStateException("no '" + part + "' object");
                }
            }
        } catch (RuntimeException e) {
            throw new IOException(file + " is not an evaluate summary: " + e.getMessage(), e);
        }
        try {
            return SummaryJson.fromJson(text, file);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
