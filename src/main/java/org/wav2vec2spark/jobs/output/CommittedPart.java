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
        CheckedRows checked = new CheckedRows(rows, modelId, wordTimes);
        TranscribedRecordings recordings = TranscribedRecordings.ofRows(checked);
        return new CommittedPart(recordings, checked.foreign);
    }

    /** The rows, passed on as they are, noting any of another model or word-times choice. */
    private static final class CheckedRows implements Iterator<Row> {
        private final Iterator<Row> rows;
        private final String modelId;
        private final boolean wordTimes;
        private boolean foreign;

        CheckedRows(Iterator<Row> rows, String modelId, boolean wordTimes) {
            this.rows = rows;
            this.modelId = modelId;
            this.wordTimes = wordTimes;
        }

        @Override
        public boolean hasNext() {
            return rows.hasNext();
        }

        @Override
        public Row next() {
            Row row = rows.next();
            foreign |= !modelId.equals(row.getString(2)) || row.getBoolean(3) != wordTimes;
            return row;
        }
    }
}
