package org.wav2vec2spark.jobs.output;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.wav2vec2spark.jobs.executor.EvaluateMetrics;
import org.wav2vec2spark.metrics.EditCounts;
import org.wav2vec2spark.report.RunSummary;
import org.wav2vec2spark.report.SplitSummary;
import org.wav2vec2spark.report.UtteranceResult;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Sums written per-utterance results into per-split totals and the run summary. */
public final class SummaryCollector {

    private SummaryCollector() {}

    /** Aggregates the results (as written to Parquet) into a summary. */
    public static RunSummary collect(
            Dataset<Row> results,
            RunSummary.ModelInfo model,
            Instant started,
            String master,
            double wallSeconds,
            EvaluateMetrics metrics) {
        Column ok = col("status").equalTo(UtteranceResult.OK);
        List<Row> perSplit =
                results.groupBy("split")
                        .agg(
                                count(lit(1)).as("utterances"),
                                sum(when(ok, 0).otherwise(1)).as("failed"),
                                sum(when(ok, col("duration_seconds")).otherwise(0.0))
                                        .as("audio_seconds"),
                                sum("reference_words"),
                                sum("substitutions"),
                                sum("deletions"),
                                sum("insertions"),
                                sum("reference_characters"),
                                sum("character_substitutions"),
                                sum("character_deletions"),
                                sum("character_insertions"))
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
                            counts(row.getLong(4), row.getLong(5), row.getLong(6), row.getLong(7)),
                            counts(
                                    row.getLong(8),
                                    row.getLong(9),
                                    row.getLong(10),
                                    row.getLong(11)));
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
                        metrics.batchFill());
        return new RunSummary(splits, model, run, failures);
    }

    private static EditCounts counts(
            long referenceLength, long substitutions, long deletions, long insertions) {
        return new EditCounts(
                referenceLength - substitutions - deletions, substitutions, deletions, insertions);
    }
}
