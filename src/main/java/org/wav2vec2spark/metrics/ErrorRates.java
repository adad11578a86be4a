package org.wav2vec2spark.metrics;

import java.util.Objects;

/**
 * Word and character error rates from counts, as jiwer's {@code process_words} computes them:
 * {@code (S + D + I) / (H + S + D)}. For a corpus, pass the summed counts of all utterances: the
 * rate is total errors over total reference tokens, never an average of per-utterance rates (which
 * would weight a two-word utterance like a fifty-word one).
 *
 * <p>A reference with no tokens (silence) follows jiwer 4.0, which defines it instead of dividing
 * by zero: the rate is the number of insertions, so 0 when the hypothesis is empty too. jiwer 3.x
 * raised a ValueError instead; LibriSpeech has no empty references, so the two agree there. An
 * empty reference inside a larger corpus only adds its insertions to the sums.
 */
public final class ErrorRates {

    private ErrorRates() {}

    /**
     * Word error rate.
     *
     * @param wordCounts word-level counts of one utterance or the sum over a corpus
     * @return {@code errors / referenceLength}, or the insertions if there are no reference words
     */
    public static double wer(EditCounts wordCounts) {
        return rate(wordCounts);
    }

    /**
     * Character error rate (spaces between words count as characters, as in jiwer).
     *
     * @param charCounts character-level counts of one utterance or the sum over a corpus
     * @return {@code errors / referenceLength}, or the insertions if there are no reference
     *     characters
     */
    public static double cer(EditCounts charCounts) {
        return rate(charCounts);
    }

    private static double rate(EditCounts counts) {
        Objects.requireNonNull(counts, "counts");
        if (counts.referenceLength() == 0) {
            return counts.insertions();
        }
        return (double) counts.errors() / counts.referenceLength();
    }
}
