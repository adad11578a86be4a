package org.wav2vec2spark.jobs;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wav2vec2spark.data.HadoopFiles;
import org.wav2vec2spark.data.LibriSpeechListing;
import org.wav2vec2spark.data.LibriSpeechSource;
import org.wav2vec2spark.data.SerializableHadoopConf;
import org.wav2vec2spark.data.Utterance;
import org.wav2vec2spark.model.ModelDirectory;
import org.wav2vec2spark.report.ComputeWerTable;
import org.wav2vec2spark.report.RunSummary;
import org.wav2vec2spark.report.SummaryJson;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
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
 */
public final class EvaluateJob {
    private static final Logger LOG = LoggerFactory.getLogger(EvaluateJob.class);

    /** Utterances per partition when choosing the partition count from the data size. */
    static final int UTTERANCES_PER_PARTITION = 200;

    /** Samples per second of the audio the model takes. */
    private static final double SAMPLE_RATE = 16_000.0;

    /** Shortest time between two progress lines on the driver's console. */
    static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(10);

    private EvaluateJob() {}

    /** Command-line entry point for spark-submit and {@code jobs/evaluate.sh}. */
    public static void main(String[] args) {
        System.exit(runFromCommandLine(args));
    }

    /**
     * Parses, runs and reports; returns the process exit code (0 ok, 1 too many failures, 2 usage).
     */
    static int runFromCommandLine(String[] args) {
        EvaluateOptions options;
        try {
            options = EvaluateOptionsParser.parse(args);
            checkModelBeforeSpark(options.modelUri());
        } catch (EvaluateOptionsParser.HelpRequested e) {
            System.out.print(EvaluateOptionsParser.usage());
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println("evaluate: " + e.getMessage());
            return 2;
        }
        DjlDefaults.apply(options.torchThreads());
        SparkSession spark = newSession(options);
        try {
            RunSummary summary = run(spark, options);
            System.out.print(ComputeWerTable.render(summary));
            System.out.println("Results: " + options.outputUri());
            return tooManyFailures(summary, options.maxFailedFraction()) ? 1 : 0;
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("evaluate: " + e.getMessage());
            return 2;
        } finally {
            spark.stop();
        }
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
        prepareOutput(hadoopConf, options);
        LibriSpeechListing listing =
                LibriSpeechListing.list(hadoopConf, options.dataUri(), options.splits());
        LOG.info(
                "Listed {} audio and {} transcript files in {} under {}",
                listing.audioFiles().size(),
                listing.transcriptFiles().size(),
                listing.splits(),
                listing.rootUri());

        ModelSource model = ModelSource.resolve(hadoopConf, options.modelUri());
        EvaluationSpec spec =
                new EvaluationSpec(
                        model.location(),
                        options.device(),
                        options.batchSamples(),
                        4 * options.batchSamples(),
                        options.torchThreads(),
                        Math.round(options.prefetchSeconds() * SAMPLE_RATE),
                        options.maxUtteranceSeconds() > 0
                                ? Math.round(options.maxUtteranceSeconds() * SAMPLE_RATE)
                                : Long.MAX_VALUE);
        SerializableHadoopConf serializableConf = new SerializableHadoopConf(hadoopConf);
        EvaluateMetrics metrics = EvaluateMetrics.register(spark.sparkContext());

        int partitions =
                options.partitions() > 0
                        ? options.partitions()
                        : Math.max(
                                jsc.defaultParallelism(),
                                listing.audioFiles().size() / UTTERANCES_PER_PARTITION);
        int files = listing.audioFiles().size();
        JavaRDD<Utterance> utterances =
                // Partitions hold equal audio durations, and at most twice the average count so
                // partitions of many tiny files stay bounded; the join lands every utterance in its
                // planned partition, no reshuffle.
                LibriSpeechSource.utterancesByDuration(
                        jsc,
                        listing,
                        serializableConf,
                        partitions,
                        2 * Math.max(1, (files + partitions - 1) / partitions));
        ProgressReporter progress =
                new ProgressReporter(
                        metrics,
                        listing.audioFiles().size() + listing.misplacedFiles().size(),
                        PROGRESS_INTERVAL);
        spark.sparkContext().addSparkListener(progress);
        JavaRDD<Row> rows =
                utterances.mapPartitions(
                        new EvaluatePartitionFunction(spec, serializableConf, metrics));
        String resultsUri = options.outputUri() + "/utterances";
        spark.createDataFrame(rows, ResultRows.SCHEMA)
                .write()
                .mode(SaveMode.ErrorIfExists)
                .parquet(resultsUri);

        spark.sparkContext().removeSparkListener(progress);
        Dataset<Row> results = spark.read().parquet(resultsUri);
        double wallSeconds = secondsSince(started);
        RunSummary summary =
                SummaryCollector.collect(
                        results,
                        model.info(),
                        started,
                        spark.sparkContext().master(),
                        wallSeconds,
                        metrics);
        HadoopFiles.writeAtomically(
                hadoopConf,
                options.outputUri() + "/summary.json",
                SummaryJson.toJson(summary).getBytes(StandardCharsets.UTF_8));
        ReportWriter.write(hadoopConf, results, summary, options.outputUri(), List.of());
        onFinished.accept(metrics);
        return summary;
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

    private static void prepareOutput(Configuration conf, EvaluateOptions options)
            throws IOException {
        org.apache.hadoop.fs.Path output = new org.apache.hadoop.fs.Path(options.outputUri());
        FileSystem fs = output.getFileSystem(conf);
        if (fs.exists(output)) {
            if (!options.overwrite()) {
                throw new IllegalArgumentException(
                        "Output "
                                + options.outputUri()
                                + " already exists; choose a new folder or pass --overwrite");
            }
            fs.delete(output, true);
        }
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

    private static SparkSession newSession(EvaluateOptions options) {
        SparkConf conf = new SparkConf().setAppName("wav2vec2-spark evaluate");
        if (options.master() != null) {
            conf.setMaster(options.master());
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        options.sparkConf().forEach(conf::set);
        return SparkSession.builder().config(conf).getOrCreate();
    }

    private static double secondsSince(Instant start) {
        return (Instant.now().toEpochMilli() - start.toEpochMilli()) / 1000.0;
    }
}
