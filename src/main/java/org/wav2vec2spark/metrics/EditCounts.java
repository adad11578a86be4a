package org.wav2vec2spark.metrics;

/**
 * The outcome of aligning a hypothesis to a reference: how many reference tokens were matched,
 * substituted or deleted, and how many hypothesis tokens were inserted. Counts from different
 * utterances add up with {@link #plus}; corpus rates are computed from the sums.
 *
 * @param hits reference tokens matched exactly
 * @param substitutions reference tokens replaced by a different hypothesis token
 * @param deletions reference tokens with no hypothesis counterpart
 * @param insertions hypothesis tokens with no reference counterpart
 */
public record EditCounts(long hits, long substitutions, long deletions, long insertions) {

    /** No tokens at all: the identity of {@link #plus}. */
    public static final EditCounts ZERO = new EditCounts(0, 0, 0, 0);

    /**
     * Checks that every count is non-negative.
     *
     * @throws IllegalArgumentException naming the negative count
     */
    public EditCounts {
        requireNonNegative("hits", hits);
        requireNonNegative("substitutions", substitutions);
        requireNonNegative("deletions", deletions);
        requireNonNegative("insertions", insertions);
    }

    private static void requireNonNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0 but was " + value);
        }
    }

    /**
     * @return the number of reference tokens, {@code hits + substitutions + deletions}
     */
    public long referenceLength() {
        return hits + substitutions + deletions;
    }

    /**
     * @return the number of hypothesis tokens, {@code hits + substitutions + insertions}
     */
    public long hypothesisLength() {
        return hits + substitutions + insertions;
    }

    /**
     * @return the edit distance, {@code substitutions + deletions + insertions}
     */
    public long errors() {
        return substitutions + deletions + insertions;
    }

    /**
     * Adds two sets of counts, e.g. to accumulate a corpus.
     *
     * @param other the counts to add
     * @return the element-wise sum
     */
    public EditCounts plus(EditCounts other) {
        return new EditCounts(
                Math.addExact(hits, other.hits),
                Math.addExact(substitutions, other.substitutions),
                Math.addExact(deletions, other.deletions),
                Math.addExact(insertions, other.insertions));
    }
}
