package org.wav2vec2spark.data;

import java.io.Serializable;

/**
 * One utterance to evaluate: where its audio is and what its reference says, or why it cannot be
 * evaluated.
 *
 * @param key split, speaker, chapter and id
 * @param audioUri the audio file's URI, or {@code null} when the transcript names a missing file
 * @param reference the reference text, or {@code null} when there is none
 * @param error why the utterance cannot be evaluated, or {@code null}
 */
public record Utterance(UtteranceKey key, String audioUri, String reference, String error)
        implements Serializable {

    /** Whether audio and reference are both present and nothing is known to be wrong. */
    public boolean isEvaluable() {
        return error == null;
    }
}
