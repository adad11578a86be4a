package org.wav2vec2spark.data;

import java.io.Serializable;

/**
 * One utterance to evaluate: where its audio is and what its reference says, or why it cannot be
 * evaluated.
 *
 * <p>Sources that read audio as part of reading their input (archive members, Parquet rows) carry
 * the encoded bytes in {@code audio}; the evaluator then uses them instead of fetching {@code
 * audioUri}. Such utterances are made and consumed inside one executor task (a {@code flatMap}
 * pipelined into the evaluation's {@code mapPartitions}), so the bytes are never collected to the
 * driver nor shuffled. Folder sources leave {@code audio} null and the bytes are fetched lazily by
 * URI. Record equality compares {@code audio} by reference, as for any array component.
 *
 * @param key split, speaker, chapter and id
 * @param audioUri the audio file's URI ({@code archive!member} for an archive member), or {@code
 *     null} when the transcript names a missing file
 * @param reference the reference text, or {@code null} when there is none
 * @param error why the utterance cannot be evaluated, or {@code null}
 * @param audio the encoded audio (FLAC or WAV) when the source has read it already, else {@code
 *     null}
 */
public record Utterance(
        UtteranceKey key, String audioUri, String reference, String error, byte[] audio)
        implements Serializable {

    /** An utterance whose audio is fetched by URI when it is evaluated. */
    public Utterance(UtteranceKey key, String audioUri, String reference, String error) {
        this(key, audioUri, reference, error, null);
    }

    /** Whether audio and reference are both present and nothing is known to be wrong. */
    public boolean isEvaluable() {
        return error == null;
    }
}
