package org.wav2vec2spark.jobs;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wav2vec2spark.jobs.executor.JobMetrics;
import org.wav2vec2spark.jobs.output.DuplicateUtterances;
import org.wav2vec2spark.jobs.output.ReportWriter;
import org.wav2vec2spark.jobs.output.RunFolder;
import org.wav2vec2spark.jobs.output.SummaryCollector;
import org.wav2vec2spark.jobs.output.UnwritableReferenceCharacters;
import org.wav2vec2spark.metrics.CaseFolding;
import org.wav2vec2spark.report.RunSummary;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What the evaluate job does with the results it wrote: checks that they are a run, deleting them
 * when not, then summarises them and writes the reports and, last, {@code summary.json}.
 */
final class EvaluationResults {
    // The job's own logger, so that these lines still read "EvaluateJob: ..." and follow that
    // logger's settings.
    private static final Logger LOG = LoggerFactory.getLogger(EvaluateJob.class);

    private EvaluationResults() {}

    /**
     * Summarises the written results, refuses results that repeat an utterance or lack a requested
     * split, then writes the reports and, last, {@code summary.json}.
     */
    static RunSummary summariseAndReport(
            SparkSession spark,
            EvaluateOptions options,
            String resultsUri,
            ModelSource model,
            Set<Integer> writableCharacters,
            CaseFolding caseFolding,
            JobMetrics metrics,
            Set<String> splitsPassedOver,
            Instant started)
            throws IOException {
        Configuration hadoopConf = spark.sparkContext().hadoopConfiguration();
        Dataset<Row> results = spark.read().parquet(resultsUri);
        String repeated = DuplicateUtterances.describe(results, DuplicateUtterances.EXAMPLES_NAMED);
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
        String missing =
                missingSplits(summary, options.splits(), options.dataUri(), splitsPassedOver);
        if (missing != null) {
            // Archives show their splits only once read; results without them are not a run.
            throw refuse(hadoopConf, options.outputUri(), missing);
        }
        writeReports(hadoopConf, results, summary, options.outputUri());
        return summary;
    }

    /**
     * What is wrong when a requested split, or every split, has no utterance in the results, or
     * {@code null}. Folders and Parquet are checked before reading; archives only here, and the
     * splits they hold that {@code --splits} does not name are named, so a mistyped split shows.
     */
    static String missingSplits(
            RunSummary summary, List<String> requested, String dataUri, Set<String> passedOver) {
        // An archive that cannot be read at all is one failed row without a split.
        List<String> named = summary.splits().keySet().stream().filter(s -> !s.isEmpty()).toList();
        String unread =
                passedOver.isEmpty()
                        ? " (--splits: other splits are passed over unread)"
                        : " (--splits: the archives' other splits, "
                                + String.join(", ", passedOver)
                                + ", are passed over unread)";
        String found =
                !named.isEmpty()
                        ? String.join(", ", named) + (passedOver.isEmpty() ? "" : unread)
                        : requested.isEmpty()
                                ? "no LibriSpeech utterances"
                                : "no utterance of " + String.join(", ", requested) + unread;
        if (summary.utteranceTotal() == 0) {
            return "No utterance found in " + dataUri + "; found: " + found + failuresNote(summary);
        }
        for (String split : requested) {
            if (!summary.splits().containsKey(split)) {
                return "Split '"
                        + split
                        + "' not found in "
                        + dataUri
                        + "; found: "
                        + found
                        + failuresNote(summary);
            }
        }
        return null;
    }

    /**
     * What a refused run's failed rows without a split say, as they are deleted with the run: an
     * archive that cannot be opened is one such row, and the likely reason its splits are missing.
     */
    private static String failuresNote(RunSummary summary) {
        List<String> unsplit =
                summary.failures().stream()
                        .filter(f -> f.split().isEmpty())
                        .map(RunSummary.FailedUtterance::error)
                        .toList();
        return unsplit.isEmpty()
                ? ""
                : "; it may be in input that could not be read: " + String.join("; ", unsplit);
    }

    /** Writes the reports, then {@code summary.json}. */
    private static void writeReports(
            Configuration hadoopConf, Dataset<Row> results, RunSummary summary, String outputUri)
            throws IOException {
        // summary.json last: it is the mark of a finished run (ExistingOutput, the nightly job and
        // other tools read it so), so a run that dies while writing the reports leaves none.
        ReportWriter.write(hadoopConf, results, summary, outputUri, List.of());
        RunFolder.writeSummary(hadoopConf, outputUri, summary);
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

    private static double secondsSince(Instant start) {
        return (Instant.now().toEpochMilli() - start.toEpochMilli()) / 1000.0;
    }
}
