package org.wav2vec2spark.jobs;

import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wav2vec2spark.jobs.executor.RecordingKeySet;
import org.wav2vec2spark.jobs.executor.TranscriptRows;
import org.wav2vec2spark.jobs.output.CommittedWrites;
import org.wav2vec2spark.jobs.output.OutputLock;
import org.wav2vec2spark.jobs.output.OutputRuns;
import org.wav2vec2spark.jobs.output.OutputWriteException;
import org.wav2vec2spark.jobs.output.ResultsLocation;
import org.wav2vec2spark.jobs.output.TranscribeSummary;

import java.io.IOException;
import java.util.List;

/**
 * One transcribe run's write: its rows committed as the output's next {@code run=<n>/} folder with
 * Spark's commit protocol, then read back for the summary, with the run's chunking recorded beside
 * them.
 */
final class TranscribeCommit {
    private static final Logger LOG = LoggerFactory.getLogger(TranscribeCommit.class);

    private TranscribeCommit() {}

    /**
     * What a committed run holds: its folder (absolute, as the Results line shows it), its rows,
     * failed rows, audio seconds and the errors of the first failed rows.
     */
    record WrittenRun(
            String runUri, long rows, long failed, double audioSeconds, List<String> failures) {

        /** No run: nothing was left to transcribe. */
        static final WrittenRun NOTHING = new WrittenRun(null, 0, 0, 0, List.of());
    }

    /**
     * Writes the rows as the next run folder with Spark's commit protocol, logging progress, then
     * reads back what the run holds and records its chunking beside the rows. The broadcast of done
     * keys, if any, is released either way. A file that cannot be written or deleted, or a lock
     * lost before or during the write ({@link OutputLock#requireHeld}), is an {@link
     * OutputWriteException}.
     */
    static WrittenRun commit(
            SparkSession spark,
            OutputRuns runs,
            TranscribeOptions options,
            JavaRDD<Row> rows,
            ProgressReporter progress,
            Broadcast<RecordingKeySet> done,
            OutputLock lock)
            throws IOException {
        String runUri = runs.nextRunUri();
        boolean earlierRunsDone = done != null && !done.value().isEmpty();
        try {
            lock.requireHeld(options.outputUri());
            progress.during(
                    spark.sparkContext(), () -> writeRows(spark, rows, options.format(), runUri));
        } catch (Exception e) {
            // Spark throws the committer's IOException (creating _temporary, the job commit) as
            // it is; a task's failure comes as a SparkException.
            if (e instanceof IOException io) {
                throw OutputWriteException.of(runUri, io);
            }
            throw e;
        } finally {
            if (done != null) {
                done.destroy();
            }
        }
        // Committed; a job that has taken the lock over meanwhile may delete this run as
        // unfinished, so it is not reported as written.
        lock.requireHeld(options.outputUri());
        try {
            return readBack(spark, options, runUri, earlierRunsDone);
        } catch (IOException e) {
            throw OutputWriteException.of(runUri, e);
        }
    }

    /**
     * What the committed run holds, with its chunking recorded beside its rows; a run that holds
     * nothing is deleted.
     */
    private static WrittenRun readBack(
            SparkSession spark, TranscribeOptions options, String runUri, boolean earlierRunsDone)
            throws IOException {
        Dataset<Row> written = OutputRuns.read(spark, runUri);
        Row counts =
                written.agg(
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
        if (counts.getLong(0) == 0) {
            // Archive members and Parquet rows are known to be done only once read: when every one
            // was, the run holds nothing, and keeping it would add an empty run=<n> each rerun.
            Path empty = new Path(runUri);
            empty.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(empty, true);
            LOG.info(
                    earlierRunsDone
                            ? "Every recording read was transcribed by an earlier run"
                            : "The inputs hold no recording to transcribe");
            return WrittenRun.NOTHING;
        }
        options.chunking().writeTo(spark.sparkContext().hadoopConfiguration(), runUri);
        long failed = counts.isNullAt(1) ? 0 : counts.getLong(1);
        return new WrittenRun(
                ResultsLocation.absolute(spark.sparkContext().hadoopConfiguration(), runUri),
                counts.getLong(0),
                failed,
                counts.isNullAt(2) ? 0 : counts.getDouble(2),
                failed == 0 ? List.of() : firstFailures(written));
    }

    /**
     * The errors of the first failed rows in source order, for the console. Each error already
     * names its file ({@code source[!member]: ...}).
     */
    private static List<String> firstFailures(Dataset<Row> written) {
        return written
                .filter(written.col("status").equalTo(TranscriptRows.FAILED))
                .orderBy("source", "member")
                .select("error")
                .limit(TranscribeSummary.MAX_LISTED_FAILURES)
                .collectAsList()
                .stream()
                .map(row -> row.isNullAt(0) ? "(no error message)" : row.getString(0))
                .toList();
    }

    /** Writes one run's rows with Spark's commit protocol. */
    private static void writeRows(
            SparkSession spark, JavaRDD<Row> rows, String format, String runUri) {
        DataFrameWriter<Row> writer =
                CommittedWrites.of(spark.createDataFrame(rows, TranscriptRows.SCHEMA));
        if (format.equals("parquet")) {
            writer.parquet(runUri);
        } else {
            // Every row keeps every column, nulls included (member of a plain file, error of an ok
            // row), as the evaluate job's utterances-json/ does: Spark's JSON writer would drop
            // them, and a run without archives would then have no member column at all.
            writer.option("ignoreNullFields", "false").json(runUri);
        }
    }
}
