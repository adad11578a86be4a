package org.wav2vec2spark.jobs;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wav2vec2spark.ctc.Vocabulary;
import org.wav2vec2spark.data.EvaluationData;
import org.wav2vec2spark.data.HadoopFiles;
import org.wav2vec2spark.data.SerializableHadoopConf;
import org.wav2vec2spark.jobs.cli.BundledDefaults;
import org.wav2vec2spark.jobs.cli.OptionTable;
import org.wav2vec2spark.jobs.executor.DjlDefaults;
import org.wav2vec2spark.jobs.executor.EvaluatePartitionFunction;
import org.wav2vec2spark.jobs.executor.JobMetrics;
import org.wav2vec2spark.jobs.executor.ResultRows;
import org.wav2vec2spark.jobs.output.CommittedWrites;
import org.wav2vec2spark.jobs.output.ExistingOutput;
import org.wav2vec2spark.jobs.output.OutputLock;
import org.wav2vec2spark.jobs.output.OutputReplacement;
import org.wav2vec2spark.jobs.output.ReportWriter;
import org.wav2vec2spark.jobs.output.ResultsLocation;
import org.wav2vec2spark.jobs.output.RunFolder;
import org.wav2vec2spark.metrics.CaseFolding;
import org.wav2vec2spark.report.ComputeWerTable;
import org.wav2vec2spark.report.RunSummary;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * The evaluate job: corpus WER and CER of a wav2vec2 model on LibriSpeech-layout splits, the
 * evaluation of the facebook/wav2vec2-large-960h model card as a Spark job.
 *
 * <p>Writes {@code <output>/utterances/} (Parquet, one row per utterance), {@code
 * <output>/summary.json}, {@code <output>/report.html} and a JSON-lines copy of the utterances for
 * notebooks ({@link ReportWriter}), prints a compute-wer table, and exits non-zero when more than
 * {@code --max-failed-fraction} of the utterances failed.
 *
 * <p>This class holds the run's flow; its inputs are {@link EvaluationInputs}, its batching {@link
 * EvaluationBatching}, and the checks and reports of its results {@link EvaluationResults}.
 */
public final class EvaluateJob {
    private static final Logger LOG = LoggerFactory.getLogger(EvaluateJob.class);

    private EvaluateJob() {}

    /** Command-line entry point for spark-submit and {@code jobs/evaluate.sh}. */
    public static void main(String[] args) {
        System.exit(runFromCommandLine(args));
    }

    /**
     * Parses, runs and reports; returns the process exit code: 0 ok, 1 more failed utterances than
     * allowed, 2 a usage, configuration or input error, 3 Spark could not start, the job failed or
     * its output could not be written.
     */
    static int runFromCommandLine(String[] args) {
        EvaluateOptions options;
        try {
            options = EvaluateOptionsParser.parse(args);
            System.err.print(BundledDefaults.notice("evaluate", options.defaultsTaken()));
            System.err.print(
                    BundledDefaults.clusterNotice(
                            "evaluate",
                            options.defaultsTaken(),
                            JobSessions.master(options.master(), options.sparkConf())));
            DriverLocalPaths local = DriverLocalPaths.of(options.sparkConf());
            local.requireModel(options.nameOf("model"), options.modelUri());
            checkLocalDataBeforeSpark(local, options.nameOf("data"), options.dataUri());
        } catch (OptionTable.HelpRequested e) {
            System.out.print(EvaluateOptionsParser.usage());
            return ExitCode.OK;
        } catch (IllegalArgumentException e) {
            return JobCommandLine.reportFailure("evaluate", e);
        }
        DjlDefaults.apply(options.torchThreads());
        return JobCommandLine.runInSession(
                "evaluate",
                options.master(),
                options.sparkConf(),
                spark -> {
                    RunSummary summary = run(spark, options);
                    System.out.print(ComputeWerTable.render(summary));
                    System.out.println(
                            "Results: "
                                    + ResultsLocation.absolute(
                                            spark.sparkContext().hadoopConfiguration(),
                                            options.outputUri()));
                    return tooManyFailures(summary, options.maxFailedFraction())
                            ? ExitCode.TOO_MANY_FAILED
                            : ExitCode.OK;
                });
    }

    /**
     * Runs the evaluation and writes its outputs.
     *
     * @return the summary that was written to {@code summary.json}
     */
    public static RunSummary run(SparkSession spark, EvaluateOptions options) throws IOException {
        return run(spark, options, metrics -> {});
    }

    /**
     * Runs the evaluation and hands the run's accumulators to {@code onFinished} at the end, for
     * the benchmark's per-stage times.
     */
    static RunSummary run(
            SparkSession spark, EvaluateOptions options, Consumer<JobMetrics> onFinished)
            throws IOException {
        Instant started = Instant.now();
        EvaluationData.locations(options.dataUri()).stream()
                .filter(uri -> !uri.isEmpty())
                .forEach(uri -> HadoopFiles.pathOf("--data", uri));
        HadoopFiles.pathOf("--model", options.modelUri());
        Configuration hadoopConf = spark.sparkContext().hadoopConfiguration();
        // Named now: the lock's and the folder's checks would fail with a bare message.
        HadoopFiles.fileSystemOf(hadoopConf, "--output", options.outputUri());
        // Before the folder is looked at: a second run on it would take this one's unfinished
        // folder for a failed run's and replace it.
        try (OutputLock lock = OutputLock.acquireBeside(hadoopConf, options.outputUri())) {
            return runLocked(spark, options, onFinished, lock, started);
        }
    }

    private static RunSummary runLocked(
            SparkSession spark,
            EvaluateOptions options,
            Consumer<JobMetrics> onFinished,
            OutputLock lock,
            Instant started)
            throws IOException {
        Configuration hadoopConf = spark.sparkContext().hadoopConfiguration();
        boolean replaceOutput =
                ExistingOutput.toReplace(hadoopConf, options.outputUri(), options.overwrite());
        if (replaceOutput) {
            ExistingOutput.requireInputsOutside(
                    hadoopConf,
                    options.outputUri(),
                    "--data",
                    EvaluationData.locations(options.dataUri()));
            ExistingOutput.requireInputsOutside(
                    hadoopConf, options.outputUri(), "--model", List.of(options.modelUri()));
        }
        EvaluationInputs inputs = EvaluationInputs.find(spark, hadoopConf, options);

        ModelSource model = ModelSource.resolve(hadoopConf, options.modelUri());
        Vocabulary vocabulary = model.vocabulary(hadoopConf);
        CaseFolding caseFolding = caseFolding(vocabulary);
        SerializableHadoopConf serializableConf = new SerializableHadoopConf(hadoopConf);
        JobMetrics metrics = JobMetrics.register(spark.sparkContext());
        EvaluationInputs.InputUtterances input =
                inputs.utterances(spark, serializableConf, options);
        JavaRDD<Row> rows =
                input.utterances()
                        .mapPartitions(
                                new EvaluatePartitionFunction(
                                        EvaluationBatching.spec(options, model, caseFolding),
                                        serializableConf,
                                        metrics));
        // Only now that the input is listed and checked; a usage error keeps the old output, and
        // so does a run that fails from here on.
        RunSummary summary =
                OutputReplacement.writeReplacing(
                        hadoopConf,
                        options.outputUri(),
                        replaceOutput,
                        () -> {
                            String resultsUri = RunFolder.utterances(options.outputUri());
                            writeWithProgress(spark, rows, resultsUri, input.progress(metrics));
                            lock.requireHeld(options.outputUri());
                            return EvaluationResults.summariseAndReport(
                                    spark,
                                    options,
                                    resultsUri,
                                    model,
                                    vocabulary.writableCharacters(),
                                    caseFolding,
                                    metrics,
                                    input.splitsPassedOver().get(),
                                    started);
                        });
        onFinished.accept(metrics);
        return summary;
    }

    /**
     * How hypotheses are compared with the references, decided once from the model's vocabulary:
     * LibriSpeech references are upper case, so the text of a model that writes lower case ({@link
     * Vocabulary#decodesLowerCase()}) is compared upper-cased, as evaluation scripts for such
     * models normalise case before jiwer; any other model's text is compared as written.
     */
    static CaseFolding caseFolding(Vocabulary vocabulary) {
        if (!vocabulary.decodesLowerCase()) {
            return CaseFolding.NONE;
        }
        LOG.info(
                "The model writes lower case ({}), so hypotheses and references are upper-cased"
                        + " before scoring; the results keep the hypotheses as decoded",
                vocabulary.settings().doLowerCase()
                        ? "do_lower_case"
                        : "the letters of its vocab.json are lower case");
        return CaseFolding.UPPER;
    }

    /** Writes the results with Spark's commit protocol while progress lines go to the console. */
    private static void writeWithProgress(
            SparkSession spark, JavaRDD<Row> rows, String resultsUri, ProgressReporter progress)
            throws FileAlreadyExistsException {
        CommittedWrites.into(
                resultsUri,
                () ->
                        progress.during(
                                spark.sparkContext(),
                                () ->
                                        CommittedWrites.of(
                                                        spark.createDataFrame(
                                                                rows, ResultRows.SCHEMA))
                                                .parquet(resultsUri)));
    }

    /**
     * A local {@code --data} entry that does not exist is a usage error found in milliseconds, not
     * after a Spark session has started; remote ones are checked when listed.
     */
    static void checkLocalDataBeforeSpark(
            DriverLocalPaths localPaths, String option, String dataUri) {
        for (String entry : EvaluationData.locations(dataUri)) {
            localPaths.requireExisting(option, entry);
        }
    }

    private static boolean tooManyFailures(RunSummary summary, double maxFailedFraction) {
        return JobCommandLine.tooManyFailed(
                "evaluate",
                "utterances",
                summary.failedTotal(),
                summary.utteranceTotal(),
                maxFailedFraction);
    }
}
