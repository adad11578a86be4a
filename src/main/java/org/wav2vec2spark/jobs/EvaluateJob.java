package org.wav2vec2spark.jobs;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wav2vec2spark.ctc.Vocabulary;
import org.wav2vec2spark.data.EvaluationData;
import org.wav2vec2spark.data.HadoopFiles;
import org.wav2vec2spark.data.HfParquetSource;
import org.wav2vec2spark.data.LibriSpeechListing;
import org.wav2vec2spark.data.LibriSpeechSource;
import org.wav2vec2spark.data.SerializableHadoopConf;
import org.wav2vec2spark.data.Utterance;
import org.wav2vec2spark.jobs.cli.BundledDefaults;
import org.wav2vec2spark.jobs.cli.OptionTable;
import org.wav2vec2spark.jobs.executor.DjlDefaults;
import org.wav2vec2spark.jobs.executor.EvaluateMetrics;
import org.wav2vec2spark.jobs.executor.EvaluatePartitionFunction;
import org.wav2vec2spark.jobs.executor.EvaluationSpec;
import org.wav2vec2spark.jobs.executor.ModelLocation;
import org.wav2vec2spark.jobs.executor.ResultRows;
import org.wav2vec2spark.jobs.output.DuplicateUtterances;
import org.wav2vec2spark.jobs.output.ExistingOutput;
import org.wav2vec2spark.jobs.output.OutputReplacement;
import org.wav2vec2spark.jobs.output.ReportWriter;
import org.wav2vec2spark.jobs.output.SummaryCollector;
import org.wav2vec2spark.jobs.output.UnwritableReferenceCharacters;
import org.wav2vec2spark.metrics.CaseFolding;
import org.wav2vec2spark.model.ModelDirectory;
import org.wav2vec2spark.report.ComputeWerTable;
import org.wav2vec2spark.report.RunSummary;
import org.wav2vec2spark.report.SummaryJson;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The evaluate job: corpus WER and CER of a wav2vec2 model on LibriSpeech-layout splits, the
 * evaluation of the facebook/wav2vec2-large-960h model card as a Spark job.
 *
 * <p>Writes {@code <output>/utterances/} (Parquet, one row per utterance), {@code
 * <output>/summary.json}, {@code <output>/report.html} and a JSON-lines copy of the utterances for
 * notebooks ({@link ReportWriter}), prints a compute-wer table, and exits non-zero when more than
 * {@code --max-failed-fraction} of the utterances failed.
 */
public final class EvaluateJob {
    private static final Logger LOG = LoggerFactory.getLogger(EvaluateJob.class);

    /** Utterances per partition when choosing the partition count from the data size. */
    static final int UTTERANCES_PER_PARTITION = 200;

    /** Padded samples per batch (60 s of 16 kHz audio) for models that batch exactly. */
    static final long PADDED_BATCH_SAMPLES = 960_000;

    /** Samples per second of the audio the model takes. */
    private static final double SAMPLE_RATE = 16_000.0;

    /** Time between two progress lines on the driver's console. */
    static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(10);

    /** Repeated utterances an error names, with the files they came from. */
    private static final int REPEATS_NAMED = 5;

    private EvaluateJob() {}

    /** Command-line entry point for spark-submit and {@code jobs/evaluate.sh}. */
    public static void main(String[] args) {
        System.exit(runFromCommandLine(args));
    }

    /**
     * Parses, runs and reports; returns the process exit code: 0 ok, 1 more failed utterances than
     * allowed, 2 a usage, configuration or input error, 3 Spark could not start or the job failed.
     */
    static int runFromCommandLine(String[] args) {
        EvaluateOptions options;
        try {
            options = EvaluateOptionsParser.parse(args);
            System.err.print(BundledDefaults.notice("evaluate", options.defaultsTaken()));
            checkModelBeforeSpark(options.modelUri());
            checkLocalDataBeforeSpark(options.dataUri());
        } catch (OptionTable.HelpRequested e) {
            System.out.print(EvaluateOptionsParser.usage());
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println("evaluate: " + e.getMessage());
            return 2;
        }
        DjlDefaults.apply(options.torchThreads());
        return JobCommandLine.runInSession(
                "evaluate",
                options.master(),
                options.sparkConf(),
                spark -> {
                    RunSummary summary = run(spark, options);
                    System.out.print(ComputeWerTable.render(summary));
                    System.out.println("Results: " + options.outputUri());
                    return tooManyFailures(summary, options.maxFailedFraction()) ? 1 : 0;
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
            SparkSession spark, EvaluateOptions options, Consumer<EvaluateMetrics> onFinished)
            throws IOException {
        Instant started = Instant.now();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration hadoopConf = jsc.hadoopConfiguration();
        boolean replaceOutput =
                ExistingOutput.toReplace(hadoopConf, options.outputUri(), options.overwrite());
        EvaluationData data = EvaluationData.detect(hadoopConf, options.dataUri());
        LibriSpeechListing listing =
                data.form() == EvaluationData.Form.FOLDER ? listFolder(hadoopConf, options) : null;
        if (data.form() == EvaluationData.Form.PARQUET) {
            // Overlapping folders repeat utterances; found from the id column alone, before the
            // model runs, instead of after it (archives are only known once read).
            String repeated =
                    DuplicateUtterances.describe(
                            HfParquetSource.utteranceKeys(
                                    spark, data.parquetFiles(), options.splits()),
                            REPEATS_NAMED);
            if (repeated != null) {
                throw new IllegalArgumentException(repeated);
            }
        }

        ModelSource model = ModelSource.resolve(hadoopConf, options.modelUri());
        Vocabulary vocabulary = model.vocabulary(hadoopConf);
        CaseFolding caseFolding = caseFolding(vocabulary);
        SerializableHadoopConf serializableConf = new SerializableHadoopConf(hadoopConf);
        EvaluateMetrics metrics = EvaluateMetrics.register(spark.sparkContext());
        InputUtterances input =
                listing == null
                        ? packagedUtterancesWarningOfPartitions(
                                spark, data, serializableConf, options)
                        : plannedUtterances(jsc, listing, serializableConf, options.partitions());
        JavaRDD<Row> rows =
                input.utterances()
                        .mapPartitions(
                                new EvaluatePartitionFunction(
                                        evaluationSpec(options, model, caseFolding),
                                        serializableConf,
                                        metrics));
        // Only now that the input is listed and checked; a usage error keeps the old output, and
        // so does a run that fails from here on.
        OutputReplacement replacement =
                replaceOutput
                        ? OutputReplacement.moveAside(hadoopConf, options.outputUri())
                        : OutputReplacement.NONE;
        RunSummary summary;
        try {
            String resultsUri = options.outputUri() + "/utterances";
            writeWithProgress(spark, rows, resultsUri, input.progress(metrics));
            summary =
                    summariseAndReport(
                            spark,
                            options,
                            resultsUri,
                            model,
                            vocabulary.writableCharacters(),
                            caseFolding,
                            metrics,
                            started);
        } catch (Throwable t) {
            replacement.failed();
            throw t;
        }
        replacement.succeeded();
        onFinished.accept(metrics);
        return summary;
    }

    /**
     * The utterances to evaluate, and what the progress line expects of them.
     *
     * @param expected utterances listed ahead; 0 when unknown before reading (archives)
     * @param archives archives to read, whose utterances are counted only as they are read
     */
    record InputUtterances(JavaRDD<Utterance> utterances, long expected, long archives) {

        /** The progress line's reporter for these utterances. */
        ProgressReporter progress(EvaluateMetrics metrics) {
            return new ProgressReporter(
                    metrics, expected, archives, PROGRESS_INTERVAL, "utterances");
        }
    }

    private static LibriSpeechListing listFolder(Configuration hadoopConf, EvaluateOptions options)
            throws IOException {
        LibriSpeechListing listing =
                LibriSpeechListing.list(hadoopConf, options.dataUri(), options.splits());
        LOG.info(
                "Listed {} audio and {} transcript files in {} under {}",
                listing.audioFiles().size(),
                listing.transcriptFiles().size(),
                listing.splits(),
                listing.rootUri());
        return listing;
    }

    /**
     * Archives and Parquet files are read a task per archive or row group; a {@code --partitions}
     * asked for cannot apply, and the user is told so rather than left to wonder.
     */
    private static InputUtterances packagedUtterancesWarningOfPartitions(
            SparkSession spark,
            EvaluationData data,
            SerializableHadoopConf serializableConf,
            EvaluateOptions options)
            throws IOException {
        if (options.partitions() > 0) {
            LOG.warn(
                    "--partitions {} is not used for archives and Parquet files: each archive is"
                            + " one task, and Parquet files are split by their row groups",
                    options.partitions());
        }
        return packagedUtterances(spark, data, serializableConf, options.splits());
    }

    /**
     * Archives and Parquet: their audio is read with the utterances, on executors; package-private
     * for tests.
     */
    static InputUtterances packagedUtterances(
            SparkSession spark,
            EvaluationData data,
            SerializableHadoopConf conf,
            List<String> splits)
            throws IOException {
        PackagedUtterances packaged = PackagedUtterances.of(spark, data, conf, splits);
        return new InputUtterances(packaged.utterances(), packaged.expected(), packaged.archives());
    }

    /**
     * Summarises the written results, refuses results that repeat an utterance or lack a requested
     * split, then writes the reports and, last, {@code summary.json}.
     */
    private static RunSummary summariseAndReport(
            SparkSession spark,
            EvaluateOptions options,
            String resultsUri,
            ModelSource model,
            Set<Integer> writableCharacters,
            CaseFolding caseFolding,
            EvaluateMetrics metrics,
            Instant started)
            throws IOException {
        Configuration hadoopConf = spark.sparkContext().hadoopConfiguration();
        Dataset<Row> results = spark.read().parquet(resultsUri);
        String repeated = DuplicateUtterances.describe(results, REPEATS_NAMED);
        if (repeated != null) {
            throw refuse(hadoopConf, options.outputUri(), repeated);
        }
        String unwritable =
                UnwritableReferenceCharacters.describe(results, writableCharacters, caseFolding);
        if (unwritable != null) {
            LOG.warn(unwritable);
        }
        RunSummary summary =
                SummaryCollector.collect(
                        results,
                        model.info(),
                        started,
                        spark.sparkContext().master(),
                        secondsSince(started),
                        metrics,
                        caseFolding);
        String missing = missingSplits(summary, options.splits(), options.dataUri());
        if (missing != null) {
            // Archives show their splits only once read; results without them are not a run.
            throw refuse(hadoopConf, options.outputUri(), missing);
        }
        // summary.json last: it is the mark of a finished run (ExistingOutput, the nightly job and
        // other tools read it so), so a run that dies while writing the reports leaves none.
        ReportWriter.write(hadoopConf, results, summary, options.outputUri(), List.of());
        HadoopFiles.writeAtomically(
                hadoopConf,
                options.outputUri() + "/summary.json",
                SummaryJson.toJson(summary).getBytes(StandardCharsets.UTF_8));
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

    private static EvaluationSpec evaluationSpec(
            EvaluateOptions options, ModelSource model, CaseFolding caseFolding) {
        long batchSamples = batchSamples(options.batchSamples(), model.exactBatching());
        return new EvaluationSpec(
                model.location(),
                options.device(),
                batchSamples,
                lengthBucketSamples(options.lengthBucketSeconds(), model.exactBatching()),
                4 * Math.max(batchSamples, PADDED_BATCH_SAMPLES),
                options.torchThreads(),
                Math.round(options.prefetchSeconds() * SAMPLE_RATE),
                options.maxUtteranceSeconds() > 0
                        ? Math.round(options.maxUtteranceSeconds() * SAMPLE_RATE)
                        : Long.MAX_VALUE,
                caseFolding);
    }

    /**
     * The utterances in partitions of equal audio duration, each holding at most twice the average
     * count so partitions of many tiny files stay bounded; the transcript join lands every
     * utterance in its planned partition, with no reshuffle. Misplaced files become failed rows, so
     * they count among the expected.
     */
    private static InputUtterances plannedUtterances(
            JavaSparkContext jsc,
            LibriSpeechListing listing,
            SerializableHadoopConf conf,
            int requestedPartitions) {
        int files = listing.audioFiles().size();
        int partitions =
                requestedPartitions > 0
                        ? requestedPartitions
                        : Math.max(jsc.defaultParallelism(), files / UTTERANCES_PER_PARTITION);
        JavaRDD<Utterance> utterances =
                LibriSpeechSource.utterancesByDuration(
                        jsc,
                        listing,
                        conf,
                        partitions,
                        2 * Math.max(1, (files + partitions - 1) / partitions));
        return new InputUtterances(utterances, files + listing.misplacedFiles().size(), 0);
    }

    /** Writes the results with Spark's commit protocol while progress lines go to the console. */
    private static void writeWithProgress(
            SparkSession spark, JavaRDD<Row> rows, String resultsUri, ProgressReporter progress) {
        progress.during(
                spark.sparkContext(),
                () ->
                        spark.createDataFrame(rows, ResultRows.SCHEMA)
                                .write()
                                .mode(SaveMode.ErrorIfExists)
                                .parquet(resultsUri));
    }

    /**
     * The padded-samples budget of a batch. Without exact batching a model's logits depend on the
     * padding of its batch (the first group norm normalises over it), so results would change with
     * partitioning and batch composition; by default such a model runs each utterance alone, as the
     * model card's evaluation does, and padded batches are an explicit choice.
     */
    static long batchSamples(long requested, boolean exactBatching) {
        if (requested > 0) {
            // A budget of one sample holds one utterance per batch: nothing is shared.
            if (!exactBatching && requested > 1) {
                LOG.warn(
                        "--batch-samples {} pads utterances into shared batches, but the model was"
                                + " not exported with exact batching: hypotheses can differ from"
                                + " batch size 1 and between runs with other partitioning",
                        requested);
            }
            return requested;
        }
        return exactBatching ? PADDED_BATCH_SAMPLES : 1;
    }

    /**
     * The {@code --length-bucket-seconds} in samples (1 for none), {@link
     * EvaluationSpec#AUTO_LENGTH_BUCKET} for auto. Refuses a bucket for a model without exact
     * batching, whose logits the extra padding would change.
     */
    static int lengthBucketSamples(double seconds, boolean exactBatching) {
        if (seconds == EvaluateOptions.AUTO_LENGTH_BUCKET) {
            return EvaluationSpec.AUTO_LENGTH_BUCKET;
        }
        long samples = Math.max(1, Math.round(seconds * SAMPLE_RATE));
        if (samples > 1 && !exactBatching) {
            throw new IllegalArgumentException(
                    "--length-bucket-seconds "
                            + seconds
                            + " pads batches beyond their longest utterance, which changes the"
                            + " logits of a model without exact batching; export it with"
                            + " scripts/export_wav2vec2.py --exact, or leave the option at auto");
        }
        if (samples > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "--length-bucket-seconds "
                            + seconds
                            + " is too long: at most "
                            + Integer.MAX_VALUE / (long) SAMPLE_RATE
                            + " s");
        }
        return (int) samples;
    }

    private static void checkModelBeforeSpark(String modelUri) {
        Path local = ModelLocation.localPath(modelUri);
        if (local != null) {
            try {
                ModelDirectory.open(local);
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        "--model " + modelUri + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * A local {@code --data} entry that does not exist is a usage error found in milliseconds, not
     * after a Spark session has started; remote ones are checked when listed.
     */
    static void checkLocalDataBeforeSpark(String dataUri) {
        for (String entry : EvaluationData.locations(dataUri)) {
            Path local = entry.isEmpty() ? null : ModelLocation.localPath(entry);
            if (local != null && !Files.exists(local)) {
                throw new IllegalArgumentException("--data " + entry + " does not exist");
            }
        }
    }

    /**
     * Deletes written results that are not a run, so no folder without {@code summary.json} passes
     * for one (with {@code --overwrite}, the earlier output then comes back), and returns the error
     * to throw.
     */
    private static IllegalArgumentException refuse(Configuration conf, String outputUri, String why)
            throws IOException {
        org.apache.hadoop.fs.Path output = new org.apache.hadoop.fs.Path(outputUri);
        output.getFileSystem(conf).delete(output, true);
        return new IllegalArgumentException(why);
    }

    /**
     * What is wrong when a requested split, or every split, has no utterance in the results, or
     * {@code null}. Folders and Parquet are checked before reading; archives only here.
     */
    static String missingSplits(RunSummary summary, List<String> requested, String dataUri) {
        String found =
                summary.splits().isEmpty()
                        ? "no LibriSpeech utterances"
                        : String.join(", ", summary.splits().keySet());
        if (summary.utteranceTotal() == 0) {
            return "No utterance found in " + dataUri + "; found: " + found;
        }
        for (String split : requested) {
            if (!summary.splits().containsKey(split)) {
                return "Split '" + split + "' not found in " + dataUri + "; found: " + found;
            }
        }
        return null;
    }

    private static boolean tooManyFailures(RunSummary summary, double maxFailedFraction) {
        long total = summary.utteranceTotal();
        boolean tooMany = total > 0 && summary.failedTotal() > maxFailedFraction * total;
        if (tooMany) {
            System.err.printf(
                    "evaluate: %d of %d utterances failed, more than --max-failed-fraction %s"
                            + " allows%n",
                    summary.failedTotal(), total, maxFailedFraction);
        }
        return tooMany;
    }

    private static double secondsSince(Instant start) {
        return (Instant.now().toEpochMilli() - start.toEpochMilli()) / 1000.0;
    }
}
