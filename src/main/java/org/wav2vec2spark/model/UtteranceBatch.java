package org.wav2vec2spark.model;

import java.util.List;

/**
 * One batch of a {@link BatchPlan}: which utterances run together and how much padding that costs.
 *
 * @param indices positions of the utterances in the planner's input, longest first
 * @param paddedLength samples every utterance is padded to: the longest utterance's length, rounded
 *     up to the planner's {@link LengthBucket}
 * @param realSamples sum of the utterances' own lengths
 */
public record UtteranceBatch(List<Integer> indices, int paddedLength, long realSamples) {

    /** Copies the indices so the record stays immutable. */
    public UtteranceBatch {
        indices = List.copyOf(indices);
    }

    /**
     * Samples the model processes for this batch: batch size times the padded length.
     *
     * @return the padded sample count
     */
    public long paddedSamples() {
        return (long) indices.size() * paddedLength;
    }
}
