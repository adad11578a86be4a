package org.wav2vec2spark.jobs.output;

import org.apache.spark.sql.Row;
import org.wav2vec2spark.jobs.executor.RecordingKeySet;
import org.wav2vec2spark.jobs.executor.TranscriptRows;

import java.io.Serializable;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The recordings an output folder's committed runs transcribed ({@code ok} rows), by their keys
 * ({@link TranscriptRows#key}): loose recordings apart, and members by the archive or Parquet file
 * that holds them, so that a run sends its executors only the members of the inputs it reads.
 *
 * <p>Built where the rows are read, a partition at a time ({@link #ofRows}), and merged on the
 * driver ({@link Merger}, which builds the parts too): what comes back is 16 bytes a key ({@link
 * RecordingKeySet}), not the rows.
 */
public final class TranscribedRecordings implements Serializable {
    private static final long serialVersionUID = 1L;

    private final RecordingKeySet loose;
    private final Map<String, RecordingKeySet> membersBySource;

    private TranscribedRecordings(
            RecordingKeySet loose, Map<String, RecordingKeySet> membersBySource) {
        this.loose = loose;
        this.membersBySource = membersBySource;
    }

    /**
     * The recordings of one partition of a run's rows.
     *
     * @param rows {@code (source, member)} rows of {@code ok} recordings; {@code member} is null
     *     for a loose recording
     */
    public static TranscribedRecordings ofRows(Iterator<Row> rows) {
        Merger merger = new Merger();
        rows.forEachRemaining(merger::addRow);
        return merger.merged();
    }

    /** Whether the loose recording at {@code uri} was transcribed. */
    public boolean containsLoose(String uri) {
        return loose.contains(TranscriptRows.key(uri, null));
    }

    /**
     * The keys of the transcribed recordings these archives or Parquet files hold: their members,
     * and a file itself where its rows had no member name (a Parquet row without {@code
     * audio.path}).
     */
    public RecordingKeySet recordingsOf(Collection<String> sources) {
        RecordingKeySet.Builder keys = new RecordingKeySet.Builder();
        for (String source : sources) {
            RecordingKeySet members = membersBySource.get(source);
            if (members != null) {
                keys.addAll(members);
            }
            if (containsLoose(source)) {
                keys.add(TranscriptRows.key(source, null));
            }
        }
        return keys.build();
    }

    /** Whether no recording was transcribed. */
    public boolean isEmpty() {
        return loose.isEmpty() && membersBySource.isEmpty();
    }

    /** Merges the parts read from the partitions of one or more runs. Not thread-safe. */
    public static final class Merger {
        private final RecordingKeySet.Builder loose = new RecordingKeySet.Builder();
        private final Map<String, RecordingKeySet.Builder> members = new HashMap<>();

        /** Adds a part's recordings. */
        public Merger add(TranscribedRecordings part) {
            loose.addAll(part.loose);
            part.membersBySource.forEach((source, keys) -> membersOf(source).addAll(keys));
            return this;
        }

        /**
         * Adds the recording of a row whose first two fields are its {@code source} and {@code
         * member}, null for a loose recording.
         */
        void addRow(Row row) {
            String source = row.getString(0);
            if (row.isNullAt(1)) {
                loose.add(TranscriptRows.key(source, null));
            } else {
                membersOf(source).add(TranscriptRows.key(source, row.getString(1)));
            }
        }

        private RecordingKeySet.Builder membersOf(String source) {
            return members.computeIfAbsent(source, s -> new RecordingKeySet.Builder());
        }

        /** The recordings of every part added. */
        public TranscribedRecordings merged() {
            Map<String, RecordingKeySet> built = new HashMap<>();
            members.forEach((source, keys) -> built.put(source, keys.build()));
            return new TranscribedRecordings(loose.build(), built);
        }
    }
}
