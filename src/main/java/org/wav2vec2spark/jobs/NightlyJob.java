package org.wav2vec2spark.jobs;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.wav2vec2spark.data.HadoopFiles;
import org.wav2vec2spark.jobs.cli.BundledDefaults;
import org.wav2vec2spark.jobs.cli.OptionTable;
import org.wav2vec2spark.jobs.cli.ShellWord;
import org.wav2vec2spark.jobs.executor.DjlDefaults;
import org.wav2vec2spark.jobs.output.BaselineFolder;
import org.wav2vec2spark.jobs.output.ReportWriter;
import org.wav2vec2spark.jobs.output.RunFolder;
import org.wav2vec2spark.jobs.output.RunHistory;
import org.wav2vec2spark.jobs.output.RunOutputs;
import org.wav2vec2spark.nightly.HistoryRecord;
import org.wav2vec2spark.nightly.RegressionCheck;
import org.wav2vec2spark.nightly.UtteranceOutcome;
import org.wav2vec2spark.report.ComputeWerTable;
import org.wav2vec2spark.report.HistoryPoint;
import org.wav2vec2spark.report.NightlyVerdict;
import org.wav2vec2spark.report.RunSummary;
import org.wav2vec2spark.report.SplitVerdict;
import org.wav2vec2spark.report.SummaryJson;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The nightly regression check: evaluates (or reads a finished run), compares the run with the
 * preset's fixed expectations and with the previous comparable run in the history ({@link
 * RegressionCheck}), prints one line per split, appends the run to the history and exits 0 when
 * nothing regressed, 1 when a split did and 2 on usage or input errors, so that cron, Airflow or CI
 * can act on the status alone.
 */
public final class NightlyJob {

    /** Exit status: nothing regressed. */
    public static final int OK = ExitCode.OK;

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
        // From here on nothing may escape: an uncaught exception makes the JVM exit with 1, which
        // means "regressed" to cron and Airflow.
        // Before Spark starts, which takes seconds: SIGTERM then is a stop like any other.
        StopNotice stopNotice = StopNotice.register("nightly");
        SparkSession spark;
        try {
            if (options.evaluate() != null) {
                System.err.print(
                        BundledDefaults.notice("nightly", options.evaluate().defaultsTaken()));
                System.err.print(
                        BundledDefaults.clusterNotice(
                                "nightly",
                                options.evaluate().defaultsTaken(),
                                JobSessions.master(options.master(), options.sparkConf())));
                DjlDefaults.apply(options.evaluate().torchThreads());
            }
            MasterReachability.require(JobSessions.master(options.master(), options.sparkConf()));
            spark =
                    JobSessions.create(
                            "wav2vec2-spark nightly", options.master(), options.sparkConf());
        } catch (Exception | Error e) { // SparkException is checked, though Scala does not say it
            if (stopNotice.sayIfStopping()) {
                return ERROR;
            }
            stopNotice.close();
            if (e instanceof IOException) { // no master answers: the message says all
                System.out.println("nightly: ERROR cannot start Spark: " + e.getMessage());
                return ERROR;
            }
            e.printStackTrace();
            System.out.println("nightly: ERROR cannot start Spark: " + JobFailure.describe(e));
            return ERROR;
        }
        try {
            return run(spark, options, System.out);
        } catch (Exception | Error e) { // an OutOfMemoryError or a missing native library too
            if (stopNotice.sayIfStopping()) {
                return ERROR;
            }
            e.printStackTrace();
            System.out.println("nightly: ERROR the job failed: " + JobFailure.describe(e));
            return ERROR;
        } finally {
            stopNotice.close();
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
            Configuration conf = spark.sparkContext().hadoopConfiguration();
            // Named now: the history's own checks would fail with a bare message.
            HadoopFiles.fileSystemOf(conf, "--history", options.historyUri());
            if (runUri != null) {
                HadoopFiles.fileSystemOf(conf, "--run", runUri);
            }
            // Found now, not after an evaluation of an hour.
            RunHistory.checkBeforeRun(conf, options.historyUri());
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

        Baseline baseline = baseline(spark, options, history, record);
        if (baseline.error() != null) {
            // Exit 2 records nothing; the user decides whether the baseline is restored.
            out.println("nightly: ERROR " + baseline.error());
            return ERROR;
        }
        List<String> warnings = baseline.warnings();
        warnings.forEach(w -> out.println("nightly: WARNING " + w));
        List<SplitVerdict> verdicts =
                RegressionCheck.check(
                        record,
                        today.utterances(),
                        baseline.run(),
                        baseline.utterances(),
                        options.policy());

        NightlyVerdict verdict = new NightlyVerdict(verdicts, options.accept());
        boolean failing = verdict.regressed() && !verdict.accepted();
        // The report first, under the history's lock: a report that cannot be written records
        // nothing (exit 2), and a night another job's lock keeps out keeps the report it had.
        RunHistory.append(
                conf,
                options.historyUri(),
                record.withRegressed(failing),
                () -> rewriteReportWithHistory(spark, today, history, record, warnings, verdict));
        // The split lines once the night is recorded: a log that says OK must not end in ERROR.
        verdicts.forEach(v -> out.println(v.line()));
        out.printf(
                Locale.ROOT,
                "nightly: %s%s; run %s (model %s, data %s) recorded as %d of %s%n",
                verdict.headline(),
                warnings.isEmpty() ? "" : " without a paired comparison (WARNING above)",
                record.outputUri(),
                record.modelId(),
                record.dataFingerprint().substring(0, 12),
                history.size() + 1,
                options.historyUri());
        return failing ? REGRESSION : OK;
    }

    /**
     * The run tonight's is paired with, as the history and its folder allow.
     *
     * @param run the previous comparable run, or null when there is none to pair with
     * @param utterances its per-utterance outcomes, or null with no run
     * @param warnings why there is no pairing although the history has a comparable run
     * @param error why nothing may be recorded (the baseline's folder changed, and neither
     *     tonight's run replaced it nor --accept was given), or null
     */
    private record Baseline(
            HistoryRecord run,
            List<UtteranceOutcome> utterances,
            List<String> warnings,
            String error) {}

    private static Baseline baseline(
            SparkSession spark,
            NightlyOptions options,
            List<HistoryRecord> history,
            HistoryRecord record)
            throws IOException {
        HistoryRecord previous = RunHistory.latestComparable(history, record);
        if (previous == null) {
            return new Baseline(null, null, List.of(), null);
        }
        BaselineFolder folder = BaselineFolder.read(spark, previous);
        if (folder.intact()) {
            return new Baseline(previous, folder.utterances(), List.of(), null);
        }
        String changed = baselineChanged(folder, history, options.historyUri());
        if (previous.outputUri().equals(record.outputUri())) {
            return new Baseline(
                    null,
                    null,
                    List.of(
                            changed
                                    + "Tonight's run was written into that folder, so there is"
                                    + " no paired comparison tonight; give each night its own"
                                    + " --output to keep it."),
                    null);
        }
        if (options.accept()) {
            return new Baseline(
                    null,
                    null,
                    List.of(
                            changed
                                    + "Tonight's run is checked against the expectations only"
                                    + " and, with --accept, becomes the new baseline."),
                    null);
        }
        return new Baseline(
                null,
                null,
                List.of(),
                changed
                        + "Nothing is recorded: restore that folder, or check tonight's run"
                        + " against the expectations only and make it the new baseline with"
                        + " --run "
                        + ShellWord.of(record.outputUri())
                        + " --accept.");
    }

    /**
     * Renders the run's report.html again, now with the nightly verdict and the WER-over-time
     * charts of the history.
     */
    private static void rewriteReportWithHistory(
            SparkSession spark,
            RunOutputs today,
            List<HistoryRecord> history,
            HistoryRecord record,
            List<String> warnings,
            NightlyVerdict verdict)
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
        String summaryUri = RunFolder.summary(today.outputUri());
        RunSummary summary =
                SummaryJson.fromJson(
                        new String(
                                HadoopFiles.readAllBytes(
                                        spark.sparkContext().hadoopConfiguration(), summaryUri),
                                StandardCharsets.UTF_8),
                        summaryUri);
        ReportWriter.writeReport(
                spark.sparkContext().hadoopConfiguration(),
                spark.read().parquet(RunFolder.utterances(today.outputUri())),
                summary,
                today.outputUri(),
                points,
                warnings,
                verdict);
    }

    /**
     * Says which run of the history the baseline is and what in its folder differs from its record,
     * one change per line.
     */
    private static String baselineChanged(
            BaselineFolder baseline, List<HistoryRecord> history, String historyUri) {
        HistoryRecord record = baseline.record();
        return String.format(
                Locale.ROOT,
                "the baseline, run %d of %s (checked at %s, folder %s), is no longer what was"
                        + " recorded:%n  %s%n",
                history.lastIndexOf(record) + 1,
                historyUri,
                record.runTime(),
                record.outputUri(),
                String.join(String.format(Locale.ROOT, "%n  "), baseline.changes()));
    }
}
