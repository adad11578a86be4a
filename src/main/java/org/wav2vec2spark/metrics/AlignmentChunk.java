package org.wav2vec2spark.metrics;

import java.util.Objects;

/**
 * A maximal run of one edit operation, as jiwer's {@code AlignmentChunk}: reference tokens {@code
 * [refStart, refEnd)} against hypothesis tokens {@code [hypStart, hypEnd)}.
 *
 * @param operation what happens to the tokens in the run
 * @param refStart first reference index of the run
 * @param refEnd reference index just past the run (equal to {@code refStart} for an insertion)
 * @param hypStart first hypothesis index of the run
 * @param hypEnd hypothesis index just past the run (equal to {@code hypStart} for a deletion)
 */
public record AlignmentChunk(
        EditOperation operation, int refStart, int refEnd, int hypStart, int hypEnd) {

    /**
     * Checks that the ranges are ordered and their lengths fit the operation.
     *
     * @throws IllegalArgumentException describing the inconsistency
     */
    public AlignmentChunk {
        Objects.requireNonNull(operation, "operation");
        if (refStart < 0 || refStart > refEnd || hypStart < 0 || hypStart > hypEnd) {
            throw new IllegalArgumentException(
                    "Chunk ranges must be ordered and non-negative but were ref ["
                            + refStart
                            + ", "
                            + refEnd
                            + ") hyp ["
                            + hypStart
                            + ", "
                            + hypEnd
                            + ")");
        }
        int refLength = refEnd - refStart;
        int hypLength = hypEnd - hypStart;
        boolean consistent =
                switch (operation) {
                    case EQUAL, SUBSTITUTE -> refLength == hypLength && refLength > 0;
                    case DELETE -> refLength > 0 && hypLength == 0;
                    case INSERT -> refLength == 0 && hypLength > 0;
                };
        if (!consistent) {
            throw new IllegalArgumentException(
                    operation
                            + " chunk cannot span "
                            + refLength
                            + " reference and "
                            + hypLength
                            + " hypothesis tokens");
        }
    }

    /**
     * @return the number of tokens the run covers on the side(s) it touches
     */
    public int length() {
        return Math.max(refEnd - refStart, hypEnd - hypStart);
    }
}
