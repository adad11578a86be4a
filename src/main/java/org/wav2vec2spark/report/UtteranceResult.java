package org.wav2vec2spark.report;

import org.wav2vec2spark.metrics.EditCounts;

import java.io.Serializable;

/**
 * The outcome of one utterance: its transcript and error counts, or why it failed.
 *
 * @param id utterance id (for a rejected transcript line, {@code file:line})
 * @param split split folder
 * @param speaker speaker id
 * @param chapter chapter id
 * @param audioUri where the audio came from, or {@code null}
 * @param durationSeconds audio duration, 0 when the audio could not be read
 * @param reference reference text, or {@code null}
 * @param hypothesis recognised text, or {@code null} when the utterance failed
 * @param words word-level edit counts against the reference ({@link EditCounts#ZERO} on failure)
 * @param characters character-level edit counts against the reference
 * @param status {@link #OK} or {@link #FAILED}
 * @param error why the utterance failed, or {@code null}
 */
public record UtteranceResult(
        String id,
        String split,
        String speaker,
        String chapter,
        String audioUri,
        double durationSeconds,
        String reference,
        String hypothesis,
        EditCounts words,
        EditCounts characters,
        String status,
        String error)
        implements Serializable {

    /** Status of a scored utterance. */
    public static final String OK = "ok";

    /** Status of an utterance that could not be scored. */
    public static final String FAILED = "failed";

    /** Whether the utterance was scored. */
    public boolean isOk() {
        return OK.equals(status);
    }
}
