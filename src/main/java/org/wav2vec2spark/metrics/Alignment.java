package org.wav2vec2spark.metrics;

import java.util.List;
import java.util.Objects;

/**
 * A minimum-edit alignment of a hypothesis to a reference: the runs of operations in order, and
 * their counts.
 *
 * @param chunks maximal runs of one operation, covering both sequences left to right
 * @param counts the totals of the runs
 */
public record Alignment(List<AlignmentChunk> chunks, EditCounts counts) {

    /** Copies the chunk list so the record stays immutable. */
    public Alignment {
        chunks = List.copyOf(chunks);
        Objects.requireNonNull(counts, "counts");
    }
}
