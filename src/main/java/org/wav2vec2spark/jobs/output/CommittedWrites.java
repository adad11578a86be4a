package org.wav2vec2spark.jobs.output;

import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

import java.nio.file.FileAlreadyExistsException;

/**
 * Spark's writer as these jobs write their tables: refusing an existing folder, showing no row
 * before the whole write commits, and always leaving {@code _SUCCESS} when it does. The marker is
 * how a finished table is told from a crashed one (transcribe's resume deletes run folders without
 * it, the nightly job and an existing {@code --output} are checked by it), so a cluster whose
 * defaults turn it off ({@code mapreduce.fileoutputcommitter.marksuccessfuljobs=false}) must not
 * make every finished run look unfinished.
 */
public final class CommittedWrites {

    /** The Hadoop committer setting; writer options reach the committer's configuration. */
    static final String MARK_SUCCESS = "mapreduce.fileoutputcommitter.marksuccessfuljobs";

    /**
     * The committer's algorithm. Version 2, a common cluster default, moves each task's files into
     * the table as the task ends, so a job that fails later leaves readable part files behind, and
     * {@code spark.read().parquet(output)} takes them for data; version 1 moves them only when the
     * whole job commits.
     */
    static final String COMMIT_ALGORITHM = "mapreduce.fileoutputcommitter.algorithm.version";

    /** Spark's error condition for {@link SaveMode#ErrorIfExists} meeting a folder. */
    private static final String PATH_ALREADY_EXISTS = "PATH_ALREADY_EXISTS";

    private CommittedWrites() {}

    /**
     * A writer of {@code rows} that fails when the target exists and marks a committed write.
     *
     * @param rows the table to write
     * @return the writer; choose the format and path with {@link #into}
     */
    public static DataFrameWriter<Row> of(Dataset<Row> rows) {
        return rows.write()
                .mode(SaveMode.ErrorIfExists)
                .option(MARK_SUCCESS, "true")
                .option(COMMIT_ALGORITHM, "1");
    }

    /**
     * Runs one table write into a folder that was absent when the run checked its output. When
     * Spark finds it there after all, another run wrote it meanwhile (two runs given one {@code
     * --output}, or started in the same second with the default one): that is said in words,
     * instead of Spark's advice to set the save mode to overwrite, which would destroy the other
     * run's results.
     *
     * @param folderUri the table's folder, which the message names
     * @param write the write, such as {@code () -> of(rows).parquet(folderUri)}
     * @throws FileAlreadyExistsException when the folder appeared since the check
     */
    public static void into(String folderUri, Runnable write) throws FileAlreadyExistsException {
        try {
            write.run();
        } catch (Exception e) { // Spark's AnalysisException is checked but thrown unchecked
            if (e instanceof AnalysisException refusal
                    && PATH_ALREADY_EXISTS.equals(refusal.getCondition())) {
                throw new FileAlreadyExistsException(
                        folderUri,
                        null,
                        "appeared while this run was working; is another job writing to the same"
                                + " output? Give each run its own --output");
            }
            throw e;
        }
    }
}
