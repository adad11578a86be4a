package org.wav2vec2spark.nightly;

import org.wav2vec2spark.metrics.EditCounts;

/**
 * The part of one utterance's result that comparisons between runs need: which utterance, its
 * reference, whether it was scored and its counts.
 *
 * @param split split name
 * @param id utterance id
 * @param reference reference text ({@code ""} when the run could not read it)
 * @param ok whether the utterance was scored
 * @param durationSeconds audio duration (0 when the audio could not be read)
 * @param words word counts ({@link EditCounts#ZERO} when not scored)
 * @param characters character counts ({@link EditCounts#ZERO} when not scored)
 */
public record UtteranceOutcome(
        String split,
        String id,
        String reference,
        boolean ok,
        double durationSeconds,
        EditCounts words,
        EditCounts characters) {

    /** The key that pairs this utterance with the same one in another run. */
    public String key() {
        return split + "/" + id;
    }
}
