package org.wav2vec2spark.jobs;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wav2vec2spark.data.EvaluationData;
import org.wav2vec2spark.data.HfParquetSource;
import org.wav2vec2spark.data.LibriSpeechListing;
import org.wav2vec2spark.data.LibriSpeechSource;
import org.wav2vec2spark.data.SerializableHadoopConf;
import org.wav2vec2spark.data.Utterance;
import org.wav2vec2spark.jobs.executor.JobMetrics;
import org.wav2vec2spark.jobs.output.DuplicateUtterances;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The evaluate job's input: what {@code --data} holds, found and checked before the model is
 * loaded, then planned as the utterances of the run's partitions.
 */
final class EvaluationInputs {
    // The job's own logger, so that these lines still read "EvaluateJob: ..." and follow that
    // logger's settings.
    private static final Logger LOG = LoggerFactory.getLogger(EvaluateJob.class);

    private final EvaluationData data;

    /** The folder's files; {@code null} for archives and Parquet, which executors read. */
    private final LibriSpeechListing listing;

    private EvaluationInputs(EvaluationData data, LibriSpeechListing listing) {
        this.data = data;
        this.listing = listing;
    }

    /**
     * The utterances to evaluate, and what the progress line expects of them.
     *
     * @param expected utterances listed ahead; 0 when unknown before reading (archives)
     * @param archives archives to read, whose utterances are counted only as they are read
     * @param splitsPassedOver once the utterances are read, the splits archives hold that {@code
     *     --splits} does not name; empty for folders and Parquet, whose splits are known ahead
     */
    record InputUtterances(
            JavaRDD<Utterance> utterances,
            long expected,
            long archives,
            Supplier<Set<String>> splitsPassedOver) {

        /** The progress line's reporter for these utterances. */
        ProgressReporter progress(JobMetrics metrics) {
            return new ProgressReporter(
                    metrics, expected, archives, ProgressReporter.INTERVAL, "utterances");
        }
    }

    /**
     * Finds the form of {@code --data} and checks what can be checked before the model is loaded:
     * lists a LibriSpeech folder, and refuses Parquet files that repeat an utterance.
     */
    static EvaluationInputs find(
            SparkSession spark, Configuration hadoopConf, EvaluateOptions options)
            throws IOException {
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
                            DuplicateUtterances.EXAMPLES_NAMED);
            if (repeated != null) {
                throw new IllegalArgumentException(repeated);
            }
        }
        return new EvaluationInputs(data, listing);
    }

    /** The utterances to evaluate, in the partitions of the run. */
    InputUtterances utterances(
            SparkSession spark, SerializableHadoopConf serializableConf, EvaluateOptions options)
            throws IOException {
        return listing == null
                ? packagedUtterancesWarningOfPartitions(spark, data, serializableConf, options)
                : plannedUtterances(
                        JavaSparkContext.fromSparkContext(spark.sparkContext()),
                        listing,
                        serializableConf,
                        options.partitions());
    }

    private static LibriSpeechListing listFolder(Configuration hadoopConf, EvaluateOptions options)
            throws IOException {
        long started = System.nanoTime();
        LibriSpeechListing listing =
                LibriSpeechListing.list(hadoopConf, options.dataUri(), options.splits());
        LOG.info(
                "Listed {} audio and {} transcript files in {} under {} in {} s",
                listing.audioFiles().size(),
                listing.transcriptFiles().size(),
                listing.splits(),
                listing.rootUri(),
                String.format(Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e9));
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
        return PackagedUtterances.of(spark, data, conf, splits);
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
                PartitionCount.choose(requestedPartitions, files, jsc.defaultParallelism());
        JavaRDD<Utterance> utterances =
                LibriSpeechSource.utterancesByDuration(
                        jsc,
                        listing,
                        conf,
                        partitions,
                        2 * Math.max(1, (files + partitions - 1) / partitions));
        return new InputUtterances(utterances, files + listing.misplacedFiles().size(), 0, Set::of);
    }
}
