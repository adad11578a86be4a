package org.wav2vec2spark.jobs.output;

import org.apache.spark.sql.Row;

import java.io.Serializable;
import java.util.Iterator;

/**
 * One partition of the {@code ok} rows of an output's committed runs, as it comes back from its
 * task: the recordings it holds, and whether a row of it was written by another model or with the
 * other choice of word times than the run about to start.
 *
 * <p>Checking every row costs little: the model id is dictionary-encoded, and without word times
 * the {@code words} column holds only nulls.
 *
 * @param recordings the recordings of the partition's rows
 * @param foreign whether a row's model or word times differ from the run's
 */
record CommittedPart(TranscribedRecordings recordings, boolean foreign) implements Serializable {

    /**
     * Reads a partition.
     *
     * @param rows {@code (source, member, model_id, words is not null)} rows of {@code ok}
     *     recordings
     * @param modelId the model of the run about to start
     * @param wordTimes whether the run about to start writes word times
     */
    static CommittedPart of(Iterator<Row> rows, String modelId, boolean wordTimes) {
        TranscribedRecordings.Merger merger = new TranscribedRecordings.Merger();
        boolean foreign = false;
        while (rows.hasNext()) {
            Row row = rows.next();
            merger.addRow(row);
            foreign |= !modelId.equals(row.getString(2)) || row.getBoolean(3) != wordTimes;
        }
        return new CommittedPart(merger.merged(), foreign);
    }
}
