package org.wav2vec2spark.metrics;

import java.util.Objects;

/**
 * Word- and character-level counts of one utterance, or their sums over many.
 *
 * @param words counts over jiwer's {@code wer_default} word tokens
 * @param chars counts over jiwer's {@code cer_default} character tokens
 */
public record UtteranceScore(EditCounts words, EditCounts chars) {

    /** The score of nothing: the identity of {@link #plus}. */
    public static final UtteranceScore ZERO = new UtteranceScore(EditCounts.ZERO, EditCounts.ZERO);

    /** Rejects missing counts. */
    public UtteranceScore {
        Objects.requireNonNull(words, "words");
        Objects.requireNonNull(chars, "chars");
    }

    /**
     * Adds two scores, e.g. to accumulate a corpus.
     *
     * @param other the score to add
     * @return the sums of the word and of the character counts
     */
    public UtteranceScore plus(UtteranceScore other) {
        return new UtteranceScore(words.plus(other.words), chars.plus(other.chars));
    }

    /**
     * @return {@link ErrorRates#wer} of the word counts
     */
    public double wer() {
        return ErrorRates.wer(words);
    }

    /**
     * @return {@link ErrorRates#cer} of the character counts
     */
    public double cer() {
        return ErrorRates.cer(chars);
    }
}
