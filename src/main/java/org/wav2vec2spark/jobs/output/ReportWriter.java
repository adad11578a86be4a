package org.wav2vec2spark.jobs.output;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.xxhash64;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.wav2vec2spark.data.HadoopFiles;
import org.wav2vec2spark.jobs.executor.ResultRows;
import org.wav2vec2spark.report.HistoryPoint;
import org.wav2vec2spark.report.HtmlReport;
import org.wav2vec2spark.report.NightlyVerdict;
import org.wav2vec2spark.report.ReportContentsCalculator;
import org.wav2vec2spark.report.ReportInput;
import org.wav2vec2spark.report.RunSummary;
import org.wav2vec2spark.report.UtteranceResult;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes what people read after a run: {@code <output>/report.html} ({@link HtmlReport}) and {@code
 * <output>/utterances-json/}, a JSON-lines copy of the per-utterance results for notebooks on
 * machines without a Parquet reader for Python (Debian 12 packages none).
 */
public final class ReportWriter {

    /** The report's file name inside the output folder. */
    public static final String REPORT_FILE = "report.html";

    /** The JSON-lines copy's folder name inside the output folder. */
    static final String JSON_COPY = "utterances-json";

    /**
     * The most utterances collected to the driver for the report. The per-utterance sections need
     * the texts of every utterance (confusions) on the driver; LibriSpeech's test sets have 2620
     * and 2939 utterances, about 0.5 MB of text each, so they are collected whole. Larger runs
     * (e.g. a training set) are reported on a deterministic sample of this size, which the page
     * says; their summary figures stay exact.
     */
    static final int MAX_REPORT_UTTERANCES = 100_000;

    private ReportWriter() {}

    /**
     * Writes the report and the JSON-lines copy.
     *
     * @param conf Hadoop configuration for the output file system
     * @param results the per-utterance results as written ({@link ResultRows#SCHEMA})
     * @param summary the run's summary
     * @param outputUri the run's output folder
     * @param history earlier runs' WER for the WER-over-time charts; may be empty
     */
    public static void write(
            Configuration conf,
            Dataset<Row> results,
            RunSummary summary,
            String outputUri,
            List<HistoryPoint> history)
            throws IOException {
        String jsonCopy = outputUri + "/" + JSON_COPY;
        CommittedWrites.into(
                jsonCopy,
                () ->
                        CommittedWrites.of(results)
                                .option("ignoreNullFields", "false")
                                .json(jsonCopy));
        writeReport(
                conf, results, summary, outputUri, history, List.of(), NightlyVerdict.NOT_CHECKED);
    }

    /**
     * Writes (or replaces, atomically) only {@code report.html}; the nightly job calls this again
     * once the run is in the history, so the page charts WER over time.
     *
     * @param warnings shown at the top of the page; may be empty
     * @param verdict the nightly check's verdict, shown below the warnings
     */
    public static void writeReport(
            Configuration conf,
            Dataset<Row> results,
            RunSummary summary,
            String outputUri,
            List<HistoryPoint> history,
            List<String> warnings,
            NightlyVerdict verdict)
            throws IOException {
        ReportInput input =
                collect(results, summary, history, MAX_REPORT_UTTERANCES)
                        .withWarnings(warnings)
                        .withVerdict(verdict);
        HadoopFiles.writeAtomically(
                conf,
                outputUri + "/" + REPORT_FILE,
                HtmlReport.render(ReportContentsCalculator.calculate(input))
                        .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Collects at most {@code maxUtterances} results to the driver: all of them when they fit, else
     * those with the smallest hash of their id, a sample that does not depend on partitioning.
     */
    static ReportInput collect(
            Dataset<Row> results,
            RunSummary summary,
            List<HistoryPoint> history,
            int maxUtterances) {
        long total = results.count();
        Dataset<Row> chosen =
                total <= maxUtterances
                        ? results
                        : results.orderBy(xxhash64(col("id")), col("id")).limit(maxUtterances);
        List<UtteranceResult> utterances =
                chosen.collectAsList().stream().map(ResultRows::toResult).toList();
        return new ReportInput(summary, utterances, total, history);
    }
}
