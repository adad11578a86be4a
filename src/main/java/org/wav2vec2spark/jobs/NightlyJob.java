package org.wav2vec2spark.jobs;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.wav2vec2spark.data.HadoopFiles;
import org.wav2vec2spark.jobs.cli.BundledDefaults;
import org.wav2vec2spark.jobs.cli.OptionTable;
import org.wav2vec2spark.jobs.executor.DjlDefaults;
import org.wav2vec2spark.jobs.output.ReportWriter;
import org.wav2vec2spark.jobs.output.RunHistory;
import org.wav2vec2spark.jobs.output.RunOutputs;
import org.wav2vec2spark.report.ComputeWerTable;
import org.wav2vec2spark.report.HistoryPoint;
import org.wav2vec2spark.report.HistoryRecord;
import org.wav2vec2spark.report.RegressionCheck;
import org.wav2vec2spark.report.RunSummary;
import org.wav2vec2spark.report.SplitVerdict;
import org.wav2vec2spark.report.SummaryJson;
import org.wav2vec2spark.report.UtteranceOutcome;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The nightly regression check: evaluates (or reads a finished run), compares the run with the
 * preset's fixed expectations and with the previous comparable run in the history ({@link
 * RegressionCheck}), prints one line per split, appends the run to the history and exits 0 when
 * nothing regressed, 1 when a split did and 2 on usage or input errors, so that cron, Airflow or CI
 * can act on the status alone.
 */
public final class NightlyJob {

    /** Exit status: nothing regressed. */
    public static final int OK = 0;

    /** Exit status: at least one split regressed. */
    public static final int REGRESSION = 1;

    /** Exit status: usage, configuration or input error; nothing was recorded. */
    public static final int ERROR = 2;

    private NightlyJob() {}

    /** Command-line entry point for spark-submit and {@code jobs/nightly.sh}. */
    public static void main(String[] args) {
        System.exit(runFromCommandLine(args));
    }

    /** Parses, runs and reports; returns the exit status. */
    static int runFromCommandLine(String[] args) {
        NightlyOptions options;
        try {
            options = NightlyOptionsParser.parse(args);
        } catch (OptionTable.HelpRequested e) {
            System.out.print(NightlyOptionsParser.usage());
            return OK;
        } catch (IllegalArgumentException e) {
            System.err.println("nightly: " + e.getMessage());
            return ERROR;
        }
        if (options.evaluate() != null) {
            System.err.print(BundledDefaults.notice("nightly", options.evaluate().defaultsTaken()));
            DjlDefaults.apply(options.evaluate().torchThreads());
        }
        SparkSession spark =
                JobSessions.create("wav2vec2-spark nightly", options.master(), options.sparkConf());
        try {
            return run(spark, options, System.out);
        } catch (Exception e) { // SparkException is checked, though Scala does not declare it
            // A crash must not read as exit 1, which means "regressed".
            e.printStackTrace();
            System.out.println("nightly: ERROR the job failed: " + JobFailure.describe(e));
            return ERROR;
        } finally {
            spark.stop();
        }
    }

    /**
     * Runs the check on an existing session.
     *
     * @param out where the per-split lines go
     * @return {@link #OK}, {@link #REGRESSION} or {@link #ERROR}
     */
    public static int run(SparkSession spark, NightlyOptions options, PrintStream out) {
        try {
            String runUri = options.runUri();
            if (options.evaluate() != null) {
                RunSummary summary = EvaluateJob.run(spark, options.evaluate());
                out.print(ComputeWerTable.render(summary));
                runUri = options.evaluate().outputUri();
            }
            return check(spark, options, runUri, out);
        } catch (IOException | IllegalArgumentException e) {
            out.println("nightly: ERROR " + e.getMessage());
            return ERROR;
        }
    }

    private static int check(
            SparkSession spark, NightlyOptions options, String runUri, PrintStream out)
            throws IOException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        RunOutputs today = RunOutputs.read(spark, runUri);
        List<HistoryRecord> history = RunHistory.read(conf, options.historyUri());
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        HistoryRecord record = today.record(now, options.projectCommit());

        HistoryRecord previous = RunHistory.latestComparable(history, record);
        List<UtteranceOutcome> previousUtterances = null;
        if (previous != null) {
            try {
                previousUtterances = RunOutputs.readUtterances(spark, previous.outputUri());
            } catch (IOException e) {
                out.println(
                        "nightly: NOTE the previous comparable run's results are unreadable, so"
                                + " there is no paired comparison tonight: "
                                + e.getMessage());
                previous = null;
            }
        }
        if (previous != null && !RunOutputs.matchesRecord(previous, previousUtterances)) {
            out.println(
                    "nightly: NOTE the previous comparable run's results in "
                            + previous.outputUri()
                            + " have changed since they were recorded at "
                            + previous.runTime()
                            + " (a later run written into the same folder?), so there is no"
                            + " paired comparison tonight");
            previous = null;
        }
        List<SplitVerdict> verdicts =
                RegressionCheck.check(
                        record, today.utterances(), previous, previousUtterances, options.policy());
        verdicts.forEach(v -> out.println(v.line()));

        List<String> regressed =
                verdicts.stream().filter(SplitVerdict::regressed).map(SplitVerdict::split).toList();
        boolean failing = !regressed.isEmpty() && !options.accept();
        // The report first: a run that cannot be finished exits 2, and exit 2 records nothing.
        rewriteReportWithHistory(spark, today, history, record);
        RunHistory.append(conf, options.historyUri(), record.withRegressed(failing));
        out.printf(
                "nightly: %s; run %s (model %s, data %s) recorded as %d of %s%n",
                regressed.isEmpty()
                        ? "OK"
                        : "REGRESSION in "
                                + String.join(", ", regressed)
                                + (options.accept() ? " (accepted as the new baseline)" : ""),
                record.outputUri(),
                record.modelId(),
                record.dataFingerprint().substring(0, 12),
                history.size() + 1,
                options.historyUri());
        return failing ? REGRESSION : OK;
    }

    /** Renders the run's report.html again, now with the WER-over-time charts of the history. */
    private static void rewriteReportWithHistory(
            SparkSession spark, RunOutputs today, List<HistoryRecord> history, HistoryRecord record)
            throws IOException {
        List<HistoryPoint> points = new ArrayList<>();
        for (HistoryRecord run : history) {
            if (run.comparableTo(record)) {
                run.splits()
                        .values()
                        .forEach(
                                s ->
                                        points.add(
                                                new HistoryPoint(
                                                        run.runTime(), s.split(), s.wer())));
            }
        }
        record.splits()
                .values()
                .forEach(s -> points.add(new HistoryPoint(record.runTime(), s.split(), s.wer())));
        String summaryUri = today.outputUri() + "/summary.json";
        RunSummary summary =
                SummaryJson.fromJson(
                        new String(
                                HadoopFiles.readAllBytes(
                                        spark.sparkContext().hadoopConfiguration(), summaryUri),
                                StandardCharsets.UTF_8),
                        summaryUri);
        ReportWriter.writeReport(
                spark.sparkContext().hadoopConfiguration(),
                spark.read().parquet(today.outputUri() + "/utterances"),
                summary,
                today.outputUri(),
                points);
    }
}
