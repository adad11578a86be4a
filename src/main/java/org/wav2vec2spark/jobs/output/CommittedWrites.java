package org.wav2vec2spark.jobs.output;

import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * Spark's writer as these jobs write their tables: refusing an existing folder, and always leaving
 * {@code _SUCCESS} when the write commits. The marker is how a finished table is told from a
 * crashed one (transcribe's resume deletes run folders without it, the nightly job and an existing
 * {@code --output} are checked by it), so a cluster whose defaults turn it off ({@code
 * mapreduce.fileoutputcommitter.marksuccessfuljobs=false}) must not make every finished run look
 * unfinished.
 */
public final class CommittedWrites {

    /** The Hadoop committer setting; writer options reach the committer's configuration. */
    static final String MARK_SUCCESS = "mapreduce.fileoutputcommitter.marksuccessfuljobs";

    private CommittedWrites() {}

    /**
     * A writer of {@code rows} that fails when the target exists and marks a committed write.
     *
     * @param rows the table to write
     * @return the writer; choose the format and path
     */
    public static DataFrameWriter<Row> of(Dataset<Row> rows) {
        return rows.write().mode(SaveMode.ErrorIfExists).option(MARK_SUCCESS, "true");
    }
}
