package org.wav2vec2spark.report;

import org.wav2vec2spark.metrics.UtteranceScore;

/**
 * One reference utterance scored against its hypothesis.
 *
 * @param id utterance id
 * @param reference reference text
 * @param hypothesis hypothesis text, or {@code null} when the hypothesis file lacks the id
 * @param score word and character counts; {@link UtteranceScore#ZERO} when it was not scored
 * @param scored whether the counts are in the totals ({@code false} only for a missing hypothesis
 *     in {@link ScoringMode#PRESENT})
 */
public record ScoredTranscript(
        String id, String reference, String hypothesis, UtteranceScore score, boolean scored) {

    /** Whether the hypothesis file has this id. */
    public boolean hasHypothesis() {
        return hypothesis != null;
    }
}
