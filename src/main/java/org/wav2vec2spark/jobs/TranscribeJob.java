package org.wav2vec2spark.jobs;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wav2vec2spark.data.HfParquetSource;
import org.wav2vec2spark.data.InputFile;
import org.wav2vec2spark.data.InputListing;
import org.wav2vec2spark.data.SerializableHadoopConf;
import org.wav2vec2spark.data.SizeBalancedBins;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The transcribe job: one row per recording (transcript, duration, status, optional word times) for
 * folders of FLAC/WAV files and tar/tar.gz archives of them, long recordings cut into windows and
 * stitched as transformers' pipeline does.
 *
 * <p>Each run writes {@code <output>/run=<n>/} with Spark's commit protocol and skips what earlier
 * committed runs transcribed ({@link OutputRuns}), so a failed or killed run is simply run again.
 * The driver lists paths only; executors read the audio.
 */
public final class TranscribeJob {
    private static final Logger LOG = LoggerFactory.getLogger(TranscribeJob.class);

    /** Recordings per partition when choosing the partition count from the data size. */
    static final int RECORDINGS_PER_PARTITION = 200;

    private TranscribeJob() {}

    /** Command-line entry point for spark-submit and {@code jobs/transcribe.sh}. */
    public static void main(String[] args) {
        System.exit(runFromCommandLine(args));
    }

    /**
     * Parses, runs and reports; returns the process exit code: 0 ok, 2 a usage, configuration or
     * input error, 3 the Spark job failed.
     */
    static int runFromCommandLine(String[] args) {
        TranscribeOptions options;
        try {
            options = TranscribeOptionsParser.parse(args);
        } catch (OptionTable.HelpRequested e) {
            System.out.print(TranscribeOptionsParser.usage());
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println("transcribe: " + e.getMessage());
            return 2;
        }
        DjlDefaults.apply(options.torchThreads());
        SparkSession spark =
                JobSessions.create(
                        "wav2vec2-spark transcribe", options.master(), options.sparkConf());
        try {
            System.out.print(run(spark, options).render());
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("transcribe: " + e.getMessage());
            return 2;
        } catch (Exception e) { // SparkException is checked, though Scala does not declare it
            System.err.println("transcribe: the job failed: " + JobFailure.describe(e));
            return JobFailure.EXIT_CODE;
        } finally {
            spark.stop();
        }
    }

    /**
     * Transcribes what earlier runs into the same output did not, as one committed run.
     *
     * @return what the run did
     */
    public static TranscribeSummary run(SparkSession spark, TranscribeOptions options)
            throws IOException {
        long started = System.nanoTime();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration hadoopConf = jsc.hadoopConfiguration();
        ModelSource model = ModelSource.resolve(hadoopConf, options.modelUri());
        List<String> found = HfParquetSource.findFiles(hadoopConf, options.inputUris());
        List<String> parquet = found.stream().distinct().toList();
        if (parquet.size() < found.size()) {
            LOG.info(
                    "Dropped {} Parquet files listed more than once",
                    found.size() - parquet.size());
        }
        if (!parquet.isEmpty()) {
            return runOnParquet(spark, options, model, parquet, started);
        }
        InputListing listing = InputListing.list(hadoopConf, options.inputUris());
        double listingSeconds = (System.nanoTime() - started) / 1e9;
        LOG.info(
                "Listed {} recordings and {} archives in {} s ({} other files skipped, {}"
                        + " duplicates dropped)",
                listing.audioFiles(),
                listing.archives(),
                String.format(Locale.ROOT, "%.1f", listingSeconds),
                listing.skippedFiles(),
                listing.duplicates());

        OutputRuns runs = OutputRuns.scan(hadoopConf, options.outputUri());
        runs.requireFormat(hadoopConf, options.format());
        Set<String> done = runs.transcribedKeys(spark);
        List<InputFile> recordings = new ArrayList<>();
        List<InputFile> archives = new ArrayList<>();
        for (InputFile file : listing.files()) {
            if (file.isArchive()) {
                archives.add(file);
            } else if (!done.contains(TranscriptRows.key(file.uri(), null))) {
                recordings.add(file);
            }
        }
        long alreadyDone = listing.audioFiles() - recordings.size() + membersDone(done, archives);
        if (recordings.isEmpty() && archives.isEmpty()) {
            LOG.info("Every listed recording was transcribed by an earlier run");
            return new TranscribeSummary(
                    null,
                    listing.files().size(),
                    listing.skippedFiles(),
                    alreadyDone,
                    0,
                    0,
                    0,
                    listingSeconds,
                    secondsSince(started));
        }

        List<List<InputFile>> bins = new ArrayList<>();
        if (!recordings.isEmpty()) {
            int partitions =
                    options.partitions() > 0
                            ? options.partitions()
                            : Math.max(
                                    jsc.defaultParallelism(),
                                    recordings.size() / RECORDINGS_PER_PARTITION);
            bins.addAll(SizeBalancedBins.plan(recordings, Math.min(partitions, recordings.size())));
        }
        // A tar.gz cannot be split, so every archive is one task of its own.
        for (InputFile archive : archives) {
            bins.add(List.of(archive));
        }
        Broadcast<Set<String>> doneMembers = archives.isEmpty() ? null : jsc.broadcast(done);

        TranscribeSpec spec = spec(options, model);
        EvaluateMetrics metrics = EvaluateMetrics.register(spark.sparkContext());
        ProgressReporter progress =
                new ProgressReporter(
                        metrics,
                        recordings.size(),
                        archives.size(),
                        EvaluateJob.PROGRESS_INTERVAL,
                        "recordings");
        JavaRDD<InputFile> files = jsc.parallelize(bins, bins.size()).flatMap(List::iterator);
        JavaRDD<Row> rows =
                files.mapPartitions(
                        new TranscribePartitionFunction(
                                spec,
                                new SerializableHadoopConf(hadoopConf),
                                metrics,
                                doneMembers));
        String runUri = runs.nextRunUri();
        try {
            progress.during(
                    spark.sparkContext(), () -> write(spark, rows, options.format(), runUri));
        } finally {
            if (doneMembers != null) {
                doneMembers.destroy();
            }
        }
        Row counts = counts(spark, runUri);
        return new TranscribeSummary(
                runUri,
                listing.files().size(),
                listing.skippedFiles(),
                alreadyDone,
                counts.getLong(0),
                counts.isNullAt(1) ? 0 : counts.getLong(1),
                counts.isNullAt(2) ? 0 : counts.getDouble(2),
                listingSeconds,
                secondsSince(started));
    }

    /**
     * Transcribes Parquet in Hugging Face's librispeech_asr layout: Spark's Parquet reader reads
     * the rows on executors, which skip the recordings ({@code <file>!<audio.path>}) earlier runs
     * transcribed.
     */
    private static TranscribeSummary runOnParquet(
            SparkSession spark,
            TranscribeOptions options,
            ModelSource model,
            List<String> files,
            long started)
            throws IOException {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration hadoopConf = jsc.hadoopConfiguration();
        Dataset<Row> input = HfParquetSource.recordingRows(spark, files);
        long recordings = input.count(); // from the footers: no audio is read
        double listingSeconds = secondsSince(started);
        LOG.info("Found {} recordings in {} Parquet files", recordings, files.size());
        OutputRuns runs = OutputRuns.scan(hadoopConf, options.outputUri());
        runs.requireFormat(hadoopConf, options.format());
        Broadcast<Set<String>> done = jsc.broadcast(runs.transcribedKeys(spark));
        EvaluateMetrics metrics = EvaluateMetrics.register(spark.sparkContext());
        TranscribePartitionFunction function =
                new TranscribePartitionFunction(
                        spec(options, model),
                        new SerializableHadoopConf(hadoopConf),
                        metrics,
                        done);
        ProgressReporter progress =
                new ProgressReporter(
                        metrics,
                        Math.max(0, recordings - done.value().size()),
                        0,
                        EvaluateJob.PROGRESS_INTERVAL,
                        "recordings");
        JavaRDD<Row> rows = input.toJavaRDD().mapPartitions(function::callOnParquetRows);
        String runUri = runs.nextRunUri();
        try {
            progress.during(
                    spark.sparkContext(), () -> write(spark, rows, options.format(), runUri));
        } finally {
            done.destroy();
        }
        Row counts = counts(spark, runUri);
        return new TranscribeSummary(
                runUri,
                files.size(),
                0,
                recordings - counts.getLong(0),
                counts.getLong(0),
                counts.isNullAt(1) ? 0 : counts.getLong(1),
                counts.isNullAt(2) ? 0 : counts.getDouble(2),
                listingSeconds,
                secondsSince(started));
    }

    /**
     * Archive members earlier runs transcribed, which the executors will pass over: the done keys
     * ({@link TranscriptRows#key}) of the form {@code <archive>!<member>}.
     */
    static long membersDone(Set<String> done, List<InputFile> archives) {
        Set<String> prefixes = new HashSet<>();
        for (InputFile archive : archives) {
            prefixes.add(TranscriptRows.key(archive.uri(), ""));
        }
        if (prefixes.isEmpty()) {
            return 0;
        }
        return done.stream()
                .filter(key -> key.indexOf('!') > 0)
                .filter(key -> prefixes.contains(key.substring(0, key.indexOf('!') + 1)))
                .count();
    }

    private static TranscribeSpec spec(TranscribeOptions options, ModelSource model) {
        return new TranscribeSpec(
                model.location(),
                model.info().id(),
                options.device(),
                options.batchSamples(),
                options.torchThreads(),
                options.chunkSeconds(),
                options.strideSeconds(),
                options.wordTimes());
    }

    /** Writes one run's rows with Spark's commit protocol. */
    private static void write(SparkSession spark, JavaRDD<Row> rows, String format, String runUri) {
        DataFrameWriter<Row> writer =
                spark.createDataFrame(rows, TranscriptRows.SCHEMA)
                        .write()
                        .mode(SaveMode.ErrorIfExists);
        if (format.equals("parquet")) {
            writer.parquet(runUri);
        } else {
            writer.json(runUri);
        }
    }

    /** Rows, failed rows and audio seconds a run wrote. */
    private static Row counts(SparkSession spark, String runUri) {
        Dataset<Row> written = OutputRuns.read(spark, runUri);
        return written.agg(
                        functions.count(functions.lit(1)),
                        functions.sum(
                                functions
                                        .when(
                                                written.col("status")
                                                        .equalTo(TranscriptRows.FAILED),
                                                1)
                                        .otherwise(0)),
                        functions.sum("duration_seconds"))
                .first();
    }

    private static double secondsSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
