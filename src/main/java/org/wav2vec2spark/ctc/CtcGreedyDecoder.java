package org.wav2vec2spark.ctc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Greedy (best-path) CTC decoding, reproducing what the model card's evaluation does: {@code
 * torch.argmax(logits, dim=-1)} followed by {@code Wav2Vec2CTCTokenizer.batch_decode} with the
 * model's tokenizer settings ({@link TokenizerSettings}).
 *
 * <p>The tokenizer's rule, in order: map ids to tokens; merge runs of equal tokens; drop the pad
 * token (the CTC blank, so {@code A<pad>A} stays two A's while {@code AA} becomes one); replace the
 * word delimiter (by default {@code |}) by {@code replace_word_delimiter_char} (by default a
 * space); join without separators; strip leading and trailing whitespace (Python's, {@link
 * PythonWhitespace}); lower-case if {@code do_lower_case}; then apply {@code clean_up_tokenization}
 * if {@code clean_up_tokenization_spaces}.
 *
 * <p>Special tokens: {@code batch_decode} defaults to {@code skip_special_tokens=False}, so {@code
 * <s>}, {@code </s>} and the unknown token are kept and appear literally in the transcript (only
 * the pad token is removed, and only because it is the blank). Runs of delimiters are merged like
 * any other run, but delimiters separated by a blank ({@code |<pad>|}) are not merged and give two
 * spaces; transformers does the same, and the WER tokenizer in {@code metrics} splits on runs of
 * spaces, so this does not change any score.
 */
public final class CtcGreedyDecoder {

    private final Vocabulary vocabulary;

    /**
     * Creates a decoder that applies the vocabulary's tokenizer settings.
     *
     * @param vocabulary the model's vocabulary
     */
    public CtcGreedyDecoder(Vocabulary vocabulary) {
        this.vocabulary = Objects.requireNonNull(vocabulary, "vocabulary");
    }

    /**
     * Decodes one utterance's logits.
     *
     * @param logits {@code [frames][vocabulary size]} scores (log-probabilities or raw logits)
     * @return the transcript
     * @throws IllegalArgumentException if a frame's width is not the vocabulary size
     */
    public String decode(float[][] logits) {
        Objects.requireNonNull(logits, "logits");
        for (int frame = 0; frame < logits.length; frame++) {
            if (logits[frame] == null || logits[frame].length != vocabulary.size()) {
                throw new IllegalArgumentException(
                        "Frame "
                                + frame
                                + " of "
                                + logits.length
                                + " must have one score per vocabulary token ("
                                + vocabulary.size()
                                + ") but has "
                                + (logits[frame] == null ? "none" : logits[frame].length));
            }
        }
        return decodeIds(argmax(logits));
    }

    /**
     * Decodes a frame-level id sequence, as {@code Wav2Vec2CTCTokenizer.decode(ids)} does.
     *
     * @param ids one token id per frame; ids outside the vocabulary decode to {@code <unk>}
     * @return the transcript
     */
    public String decodeIds(int[] ids) {
        Objects.requireNonNull(ids, "ids");
        // Merge runs on the token strings, not the ids, because transformers does: two different
        // out-of-range ids both become <unk> and then merge.
        List<String> merged = new ArrayList<>();
        for (int id : ids) {
            String token = vocabulary.token(id);
            if (merged.isEmpty() || !merged.get(merged.size() - 1).equals(token)) {
                merged.add(token);
            }
        }
        TokenizerSettings settings = vocabulary.settings();
        StringBuilder text = new StringBuilder();
        for (String token : merged) {
            if (token.equals(settings.padToken())) {
                continue;
            }
            text.append(
                    token.equals(settings.wordDelimiterToken())
                            ? settings.replaceWordDelimiterChar()
                            : token);
        }
        // Python's str.strip(), which also removes the no-break spaces Java's String.strip() keeps.
        String stripped = PythonWhitespace.strip(text.toString());
        // Python's str.lower(), which like Locale.ROOT maps no letter by language.
        String cased = settings.doLowerCase() ? stripped.toLowerCase(Locale.ROOT) : stripped;
        return settings.cleanUpTokenizationSpaces() ? TokenizationSpaceCleanup.apply(cased) : cased;
    }

    /**
     * The most likely id of each frame, as {@code torch.argmax(logits, dim=-1)}: ties go to the
     * lowest id, and a NaN counts as the maximum (the first NaN wins).
     *
     * @param logits {@code [frames][classes]} scores; every frame must have at least one class
     * @return one id per frame
     */
    public static int[] argmax(float[][] logits) {
        Objects.requireNonNull(logits, "logits");
        int[] ids = new int[logits.length];
        for (int frame = 0; frame < logits.length; frame++) {
            float[] scores = logits[frame];
            if (scores == null || scores.length == 0) {
                throw new IllegalArgumentException(
                        "Frame " + frame + " of " + logits.length + " has no scores");
            }
            int best = 0;
            for (int id = 1; id < scores.length && !Float.isNaN(scores[best]); id++) {
                if (scores[id] > scores[best] || Float.isNaN(scores[id])) {
                    best = id;
                }
            }
            ids[frame] = best;
        }
        return ids;
    }
}
