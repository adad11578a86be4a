package org.wav2vec2spark.metrics;

import java.util.Objects;

/**
 * Scores one hypothesis against its reference at word and character level with jiwer's default
 * transforms. No punctuation removal happens here, and no case folding unless the caller asks for
 * it ({@link CaseFolding}): like the model card's evaluation, the caller passes transcripts already
 * in the form it wants compared (LibriSpeech references and the 960h vocabulary are both upper
 * case).
 */
public final class UtteranceScorer {

    private UtteranceScorer() {}

    /**
     * Scores one utterance.
     *
     * @param reference the reference transcript (may be empty)
     * @param hypothesis the recognised transcript (may be empty)
     * @return word and character counts; sum them over a corpus before taking rates
     */
    public static UtteranceScore score(String reference, String hypothesis) {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(hypothesis, "hypothesis");
        EditCounts words =
                EditAligner.count(
                        TextTransforms.WER_DEFAULT.apply(reference),
                        TextTransforms.WER_DEFAULT.apply(hypothesis));
        EditCounts chars =
                EditAligner.count(
                        TextTransforms.CER_DEFAULT.apply(reference),
                        TextTransforms.CER_DEFAULT.apply(hypothesis));
        return new UtteranceScore(words, chars);
    }

    /**
     * Scores one utterance after folding the case of both transcripts.
     *
     * @param reference the reference transcript (may be empty)
     * @param hypothesis the recognised transcript (may be empty)
     * @param caseFolding applied to both before scoring; {@link CaseFolding#NONE} scores exactly as
     *     {@link #score(String, String)}
     * @return word and character counts; sum them over a corpus before taking rates
     */
    public static UtteranceScore score(
            String reference, String hypothesis, CaseFolding caseFolding) {
        Objects.requireNonNull(caseFolding, "caseFolding");
        return score(caseFolding.apply(reference), caseFolding.apply(hypothesis));
    }
}
