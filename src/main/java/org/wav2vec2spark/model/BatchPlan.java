package org.wav2vec2spark.model;

import java.util.List;

/**
 * The batches {@link BatchPlanner} cut from a set of utterances, with their total padding cost.
 *
 * @param batches the batches, longest utterances first
 */
public record BatchPlan(List<UtteranceBatch> batches) {

    /** Copies the batches so the record stays immutable. */
    public BatchPlan {
        batches = List.copyOf(batches);
    }

    /**
     * Samples of real audio over all batches.
     *
     * @return the sum of every utterance's length
     */
    public long realSamples() {
        return batches.stream().mapToLong(UtteranceBatch::realSamples).sum();
    }

    /**
     * Samples the model processes over all batches, padding included.
     *
     * @return the sum of every batch's padded size
     */
    public long paddedSamples() {
        return batches.stream().mapToLong(UtteranceBatch::paddedSamples).sum();
    }

    /**
     * Batch fill: the share of processed samples that are real audio.
     *
     * @return real over padded samples, in (0, 1]; 1 when there is nothing to process
     */
    public double fill() {
        long padded = paddedSamples();
        return padded == 0 ? 1.0 : (double) realSamples() / padded;
    }
}
