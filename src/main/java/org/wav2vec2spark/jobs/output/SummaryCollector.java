package org.wav2vec2spark.jobs.output;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.wav2vec2spark.jobs.executor.JobMetrics;
import org.wav2vec2spark.jobs.executor.ResultRows;
import org.wav2vec2spark.metrics.CaseFolding;
import org.wav2vec2spark.report.RunSummary;
import org.wav2vec2spark.report.SplitSummary;
import org.wav2vec2spark.report.UtteranceResult;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Sums written per-utterance results into per-split totals and the run summary. */
public final class SummaryCollector {

    private SummaryCollector() {}

    /**
     * Aggregates the results (as written to Parquet) into a summary.
     *
     * @param caseFolding how the results' hypotheses were compared with their references
     */
    public static RunSummary collect(
            Dataset<Row> results,
            RunSummary.ModelInfo model,
            Instant started,
            String master,
            double wallSeconds,
            JobMetrics metrics,
            CaseFolding caseFolding) {
        Column ok = col("status").equalTo(UtteranceResult.OK);
        List<Row> perSplit =
                results.groupBy("split")
                        .agg(count(lit(1)).as("utterances"), sumsAfterUtterances(ok))
                        .collectAsList();
        Map<String, SplitSummary> splits = new TreeMap<>();
        double audioSeconds = 0;
        for (Row row : perSplit) {
            SplitSummary split =
                    new SplitSummary(
                            row.getString(0),
                            row.getLong(1),
                            row.getLong(2),
                            row.getDouble(3),
                            ResultRows.wordCounts(row),
                            ResultRows.characterCounts(row));
            splits.put(split.split(), split);
            audioSeconds += split.audioSeconds();
        }
        List<RunSummary.FailedUtterance> failures = new ArrayList<>();
        for (Row row :
                results.filter(ok.unary_$bang())
                        .select("split", "id", "error")
                        .orderBy("split", "id")
                        .limit(RunSummary.MAX_LISTED_FAILURES)
                        .collectAsList()) {
            failures.add(
                    new RunSummary.FailedUtterance(
                            row.getString(0), row.getString(1), row.getString(2)));
        }
        Map<String, Long> loads = metrics.loadsByExecutor();
        RunSummary.RunInfo run =
                new RunSummary.RunInfo(
                        started.toString(),
                        master,
                        audioSeconds,
                        wallSeconds,
                        loads.values().stream().mapToLong(Long::longValue).sum(),
                        loads.size(),
                        metrics.batches().value(),
                        metrics.batchFill(),
                        metrics.outOfMemorySplits().value(),
                        caseFolding);
        return new RunSummary(splits, model, run, failures);
    }

    /**
     * The per-split sums after the utterance count: failed utterances, seconds of audio scored,
     * then the count columns, each named as its column so that {@link ResultRows} reads the sums.
     */
    private static Column[] sumsAfterUtterances(Column ok) {
        Stream<Column> outcomes =
                Stream.of(
                        sum(when(ok, 0).otherwise(1)).as("failed"),
                        sum(when(ok, col("duration_seconds")).otherwise(0.0)).as("audio_seconds"));
        Stream<Column> counts =
                Stream.concat(
                                ResultRows.WORD_COUNT_COLUMNS.stream(),
                                ResultRows.CHARACTER_COUNT_COLUMNS.stream())
                        .map(column -> sum(column).as(column));
        return Stream.concat(outcomes, counts).toArray(Column[]::new);
    }
}
