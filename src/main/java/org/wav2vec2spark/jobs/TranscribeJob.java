package org.wav2vec2spark.jobs;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wav2vec2spark.audio.AudioReader;
import org.wav2vec2spark.data.HadoopFiles;
import org.wav2vec2spark.data.HfParquetSource;
import org.wav2vec2spark.data.InputFile;
import org.wav2vec2spark.data.InputListing;
import org.wav2vec2spark.data.SerializableHadoopConf;
import org.wav2vec2spark.data.SizeBalancedBins;
import org.wav2vec2spark.jobs.cli.BundledDefaults;
import org.wav2vec2spark.jobs.cli.OptionTable;
import org.wav2vec2spark.jobs.executor.DjlDefaults;
import org.wav2vec2spark.jobs.executor.JobMetrics;
import org.wav2vec2spark.jobs.executor.RecordingKeySet;
import org.wav2vec2spark.jobs.executor.TranscribePartitionFunction;
import org.wav2vec2spark.jobs.executor.TranscribeSpec;
import org.wav2vec2spark.jobs.executor.TranscriptRows;
import org.wav2vec2spark.jobs.output.OutputLock;
import org.wav2vec2spark.jobs.output.OutputRuns;
import org.wav2vec2spark.jobs.output.ResultsLocation;
import org.wav2vec2spark.jobs.output.TranscribeSummary;
import org.wav2vec2spark.jobs.output.TranscribedRecordings;
import org.wav2vec2spark.model.ChunkPlanner;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

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

    private TranscribeJob() {}

    /** Command-line entry point for spark-submit and {@code jobs/transcribe.sh}. */
    public static void main(String[] args) {
        System.exit(runFromCommandLine(args));
    }

    /**
     * Parses, runs and reports; returns the process exit code: 0 ok, 1 the run committed but more
     * of its recordings failed than {@code --max-failed-fraction} allows, 2 a usage, configuration
     * or input error, 3 Spark could not start, the job failed, its output could not be written or
     * another job holds it ({@link OutputLock}).
     */
    static int runFromCommandLine(String[] args) {
        TranscribeOptions options;
        try {
            options = TranscribeOptionsParser.parse(args);
            System.err.print(BundledDefaults.notice("transcribe", options.defaultsTaken()));
            System.err.print(
                    BundledDefaults.clusterNotice(
                            "transcribe",
                            options.defaultsTaken(),
                            JobSessions.master(options.master(), options.sparkConf())));
            checkLocalPathsBeforeSpark(options);
        } catch (OptionTable.HelpRequested e) {
            System.out.print(TranscribeOptionsParser.usage());
            return ExitCode.OK;
        } catch (IllegalArgumentException | IOException e) { // IOException: the output's lock
            return JobCommandLine.reportFailure("transcribe", e);
        }
        DjlDefaults.apply(options.torchThreads());
        return JobCommandLine.runInSession(
                "transcribe",
                options.master(),
                options.sparkConf(),
                spark -> {
                    TranscribeSummary summary = run(spark, options);
                    System.out.print(summary.render());
                    return tooManyFailures(summary, options.maxFailedFraction())
                            ? ExitCode.TOO_MANY_FAILED
                            : ExitCode.OK;
                });
    }

    /**
     * A local model that does not open, or a local input that does not exist, is a usage error
     * found in milliseconds, not after a Spark session has started, and so is a local output
     * another job holds ({@link OutputLock#requireFree}); remote ones are checked when read.
     */
    private static void checkLocalPathsBeforeSpark(TranscribeOptions options) throws IOException {
        DriverLocalPaths local = DriverLocalPaths.of(options.sparkConf());
        local.requireModel("--model", options.modelUri());
        for (String input : options.inputUris()) {
            local.requireExisting("--input", input);
        }
        if (local.localPath("--output", options.outputUri()) != null) {
            OutputLock.requireFree(local.hadoopConfiguration(), options.outputUri());
        }
    }

    /**
     * Transcribes what earlier runs into the same output did not, as one committed run, holding the
     * output's {@link OutputLock} throughout.
     *
     * @return what the run did
     */
    public static TranscribeSummary run(SparkSession spark, TranscribeOptions options)
            throws IOException {
        long started = System.nanoTime();
        options.inputUris().forEach(uri -> HadoopFiles.pathOf("--input", uri));
        HadoopFiles.pathOf("--model", options.modelUri());
        Configuration hadoopConf = spark.sparkContext().hadoopConfiguration();
        // Named now: the lock's and the folder's checks would fail with a bare message.
        HadoopFiles.fileSystemOf(hadoopConf, "--output", options.outputUri());
        ModelSource model = ModelSource.resolve(hadoopConf, options.modelUri());
        requireWindows(options, model);
        OutputRuns.requireOutputFolder(hadoopConf, options.outputUri());
        try (OutputLock lock = OutputLock.acquire(hadoopConf, options.outputUri())) {
            List<String> parquet = distinctParquetFiles(hadoopConf, options.inputUris());
            return parquet.isEmpty()
                    ? runOnFiles(spark, options, model, lock, started)
                    : runOnParquet(spark, options, model, parquet, lock, started);
        }
    }

    /**
     * Transcribes recordings and archives: the driver lists paths, packs the recordings left to do
     * into size-balanced partitions and gives every archive a task of its own.
     */
    private static TranscribeSummary runOnFiles(
            SparkSession spark,
            TranscribeOptions options,
            ModelSource model,
            OutputLock lock,
            long started)
            throws IOException {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration hadoopConf = jsc.hadoopConfiguration();
        InputListing listing = InputListing.list(hadoopConf, options.inputUris());
        double listingSeconds = secondsSince(started);
        LOG.info(
                "Listed {} recordings and {} archives in {} s ({} other files skipped, {}"
                        + " duplicates dropped)",
                listing.audioFiles(),
                listing.archives(),
                String.format(Locale.ROOT, "%.1f", listingSeconds),
                listing.skippedFiles(),
                listing.duplicates());

        OutputRuns runs = checkedRuns(hadoopConf, options);
        TranscribedRecordings done =
                runs.transcribed(spark, model.info().id(), options.wordTimes());
        List<InputFile> recordings = new ArrayList<>();
        List<InputFile> archives = new ArrayList<>();
        for (InputFile file : listing.files()) {
            if (file.isArchive()) {
                archives.add(file);
            } else if (!done.containsLoose(file.uri())) {
                recordings.add(file);
            }
        }
        // Only these are broadcast: the output's other keys (loose recordings, filtered here, and
        // archives of other inputs) would cost every executor its heap for nothing.
        RecordingKeySet membersDone =
                done.recordingsOf(archives.stream().map(InputFile::uri).toList());
        long alreadyDone = listing.audioFiles() - recordings.size() + membersDone.size();
        if (recordings.isEmpty() && archives.isEmpty()) {
            LOG.info("Every listed recording was transcribed by an earlier run");
            return summary(
                    ResultsLocation.absolute(hadoopConf, options.outputUri()),
                    TranscribeCommit.WrittenRun.NOTHING,
                    listing.files().size(),
                    listing.skippedFiles(),
                    alreadyDone,
                    listingSeconds,
                    started,
                    0);
        }

        List<List<InputFile>> bins = partitions(jsc, options.partitions(), recordings, archives);
        // Executors pass over the archive members in the done set; loose recordings were
        // filtered here.
        Broadcast<RecordingKeySet> doneMembers =
                archives.isEmpty() ? null : jsc.broadcast(membersDone);
        JobMetrics metrics = JobMetrics.register(spark.sparkContext());
        JavaRDD<Row> rows =
                jsc.parallelize(bins, bins.size())
                        .flatMap(List::iterator)
                        .mapPartitions(
                                new TranscribePartitionFunction(
                                        spec(options, model, spark),
                                        new SerializableHadoopConf(hadoopConf),
                                        metrics,
                                        doneMembers));
        ProgressReporter progress =
                new ProgressReporter(
                        metrics,
                        recordings.size(),
                        archives.size(),
                        ProgressReporter.INTERVAL,
                        "recordings");
        TranscribeCommit.WrittenRun written =
                TranscribeCommit.commit(spark, runs, options, rows, progress, doneMembers, lock);
        return summary(
                ResultsLocation.absolute(hadoopConf, options.outputUri()),
                written,
                listing.files().size(),
                listing.skippedFiles(),
                alreadyDone,
                listingSeconds,
                started,
                metrics.outOfMemorySplits().value());
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
            OutputLock lock,
            long started)
            throws IOException {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration hadoopConf = jsc.hadoopConfiguration();
        Dataset<Row> input = HfParquetSource.recordingRows(spark, files);
        long recordings = input.count(); // from the footers: no audio is read
        double listingSeconds = secondsSince(started);
        LOG.info("Found {} recordings in {} Parquet files", recordings, files.size());
        OutputRuns runs = checkedRuns(hadoopConf, options);
        Broadcast<RecordingKeySet> done =
                jsc.broadcast(
                        runs.transcribed(spark, model.info().id(), options.wordTimes())
                                .recordingsOf(files));
        JobMetrics metrics = JobMetrics.register(spark.sparkContext());
        TranscribePartitionFunction function =
                new TranscribePartitionFunction(
                        spec(options, model, spark),
                        new SerializableHadoopConf(hadoopConf),
                        metrics,
                        done);
        JavaRDD<Row> rows = input.toJavaRDD().mapPartitions(function::callOnParquetRows);
        long alreadyDone = recordings - recordingsLeft(input, recordings, done);
        ProgressReporter progress =
                new ProgressReporter(
                        metrics,
                        recordings - alreadyDone,
                        0,
                        ProgressReporter.INTERVAL,
                        "recordings");
        TranscribeCommit.WrittenRun written =
                TranscribeCommit.commit(spark, runs, options, rows, progress, done, lock);
        return summary(
                ResultsLocation.absolute(hadoopConf, options.outputUri()),
                written,
                recordings,
                0,
                alreadyDone,
                listingSeconds,
                started,
                metrics.outOfMemorySplits().value());
    }

    /**
     * The Parquet rows not transcribed by an earlier run. The output may hold runs over other
     * inputs too, so its size says nothing about these; the names are read without the audio.
     *
     * @param recordings the rows of {@code input}, counted already
     */
    static long recordingsLeft(
            Dataset<Row> input, long recordings, Broadcast<RecordingKeySet> done) {
        if (done.value().isEmpty()) {
            return recordings;
        }
        return HfParquetSource.recordingNames(input)
                .filter(name -> !done.value().contains(TranscriptRows.key(name._1(), name._2())))
                .count();
    }

    /**
     * The output folder's committed runs, once this run's format and chunking are checked against
     * theirs (the model and {@code --word-times} are checked as their keys are read).
     */
    private static OutputRuns checkedRuns(Configuration hadoopConf, TranscribeOptions options)
            throws IOException {
        OutputRuns runs = OutputRuns.scan(hadoopConf, options.outputUri());
        runs.requireFormat(hadoopConf, options.format());
        runs.requireChunking(hadoopConf, options.chunking());
        return runs;
    }

    private static TranscribeSummary summary(
            String outputUri,
            TranscribeCommit.WrittenRun written,
            long listedFiles,
            long skippedFiles,
            long alreadyDone,
            double listingSeconds,
            long started,
            long outOfMemorySplits) {
        return new TranscribeSummary(
                outputUri,
                written.runUri(),
                listedFiles,
                skippedFiles,
                alreadyDone,
                written.rows(),
                written.failed(),
                written.audioSeconds(),
                listingSeconds,
                secondsSince(started),
                outOfMemorySplits,
                written.failures());
    }

    /**
     * Checks the chunking options as the executors will apply them, rounded to the model's frames,
     * so that lengths that pass in seconds but make no window (a stride of 14.99 s in a 30 s chunk
     * rounds to half of it) stop the job here rather than fail every task.
     */
    static void requireWindows(TranscribeOptions options, ModelSource model) {
        ChunkPlanner planner;
        try {
            planner =
                    ChunkPlanner.fromSeconds(
                            options.chunkSeconds(),
                            options.strideSeconds(),
                            AudioReader.SAMPLE_RATE,
                            model.samplesPerFrame());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "--chunk-seconds "
                            + options.chunkSeconds()
                            + " with --stride-seconds "
                            + options.strideSeconds()
                            + " make no window once rounded to whole frames of "
                            + model.samplesPerFrame()
                            + " samples: "
                            + e.getMessage(),
                    e);
        }
        int chunk = planner.chunkSamples();
        if (chunk > 0 && chunk < model.minimumSamples()) {
            // The model would pad each window to its receptive field and return no frame for it:
            // every recording an empty transcript, marked ok.
            throw new IllegalArgumentException(
                    String.format(
                            Locale.ROOT,
                            "--chunk-seconds %s gives windows of %d samples, shorter than the"
                                    + " %d (%.3f s) the model needs for one frame",
                            options.chunkSeconds(),
                            chunk,
                            model.minimumSamples(),
                            model.minimumSamples() / (double) AudioReader.SAMPLE_RATE));
        }
        zeroStrideWarning(options).ifPresent(LOG::warn);
    }

    /**
     * What windows without a stride cost, said when they are asked for: the model returns one frame
     * fewer than a window's length holds, and with no stride to drop, the window's last frame goes
     * (transformers' pipeline drops it too). Each window loses 20 ms of audio and the word times
     * after it come out a frame earlier: 2.4 s over an hour of 30 s windows.
     */
    static Optional<String> zeroStrideWarning(TranscribeOptions options) {
        if (options.chunkSeconds() == 0 || options.strideSeconds() > 0) {
            return Optional.empty();
        }
        return Optional.of(
                "--stride-seconds 0: each window loses its last frame (the model returns one frame"
                        + " fewer than a window holds, as in transformers' pipeline), so words at"
                        + " window edges may be cut and word times drift earlier by a frame per"
                        + " window; a stride of a second or more avoids both");
    }

    /** The Parquet files among the inputs, each once. */
    private static List<String> distinctParquetFiles(Configuration hadoopConf, List<String> inputs)
            throws IOException {
        List<String> found = HfParquetSource.findFiles(hadoopConf, inputs);
        List<String> parquet = found.stream().distinct().toList();
        if (parquet.size() < found.size()) {
            LOG.info(
                    "Dropped {} Parquet files listed more than once",
                    found.size() - parquet.size());
        }
        return parquet;
    }

    /**
     * The run's partitions: recordings packed by size into {@code requested} bins (0: one per
     * {@value PartitionCount#INPUTS_PER_PARTITION} recordings, at least Spark's default
     * parallelism), then one per archive, since a tar.gz cannot be split.
     */
    private static List<List<InputFile>> partitions(
            JavaSparkContext jsc,
            int requested,
            List<InputFile> recordings,
            List<InputFile> archives) {
        List<List<InputFile>> bins = new ArrayList<>();
        if (!recordings.isEmpty()) {
            int partitions =
                    PartitionCount.choose(requested, recordings.size(), jsc.defaultParallelism());
            bins.addAll(SizeBalancedBins.plan(recordings, Math.min(partitions, recordings.size())));
        }
        for (InputFile archive : archives) {
            bins.add(List.of(archive));
        }
        return bins;
    }

    private static TranscribeSpec spec(
            TranscribeOptions options, ModelSource model, SparkSession spark) {
        return new TranscribeSpec(
                model.location(),
                model.info().id(),
                options.device(),
                options.batchSamples(),
                options.torchThreads(),
                options.chunkSeconds(),
                options.strideSeconds(),
                options.wordTimes(),
                TaskTries.of(spark.sparkContext().getConf()));
    }

    private static double secondsSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Whether more of the run's recordings failed than allowed, said on stderr when so. */
    static boolean tooManyFailures(TranscribeSummary summary, double maxFailedFraction) {
        return JobCommandLine.tooManyFailed(
                "transcribe",
                "recordings",
                summary.failed(),
                summary.transcribed(),
                maxFailedFraction);
    }
}
