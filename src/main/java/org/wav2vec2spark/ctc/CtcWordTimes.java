package org.wav2vec2spark.ctc;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Word start and end frames from a greedy CTC id sequence, as transformers' {@code
 * Wav2Vec2CTCTokenizer.decode(..., output_word_offsets=True)} computes them (the
 * automatic-speech-recognition pipeline's {@code return_timestamps="word"}).
 *
 * <p>The tokenizer's rule: runs of equal tokens become characters spanning {@code [first frame,
 * last frame + 1)}; blank (pad) characters are dropped; the delimiter becomes {@code
 * replace_word_delimiter_char}; a word is a maximal run of characters other than that one (so a
 * vocabulary token equal to it separates words too), starting where its first character starts and
 * ending where its last one ends. Special tokens such as {@code <unk>} count as characters, as they
 * do there. Words keep the vocabulary's case even with {@code do_lower_case}, and no clean-up is
 * applied to them, as transformers' word offsets do.
 */
public final class CtcWordTimes {

    private final Vocabulary vocabulary;

    /**
     * Creates a word timer.
     *
     * @param vocabulary the model's vocabulary
     */
    public CtcWordTimes(Vocabulary vocabulary) {
        this.vocabulary = Objects.requireNonNull(vocabulary, "vocabulary");
    }

    /**
     * The words of an id sequence with their frames.
     *
     * @param ids one argmax id per frame
     * @return the words in order
     */
    public List<WordTiming> words(int[] ids) {
        TokenizerSettings settings = vocabulary.settings();
        List<WordTiming> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        int wordStart = 0;
        int wordEnd = 0;
        int frame = 0;
        while (frame < ids.length) {
            String token = vocabulary.token(ids[frame]);
            int runEnd = frame + 1;
            while (runEnd < ids.length && vocabulary.token(ids[runEnd]).equals(token)) {
                runEnd++;
            }
            if (!token.equals(settings.padToken())) {
                String character =
                        token.equals(settings.wordDelimiterToken())
                                ? settings.replaceWordDelimiterChar()
                                : token;
                if (character.equals(settings.replaceWordDelimiterChar())) {
                    if (word.length() > 0) {
                        words.add(new WordTiming(word.toString(), wordStart, wordEnd));
                        word.setLength(0);
                    }
                } else {
                    if (word.length() == 0) {
                        wordStart = frame;
                    }
                    word.append(character);
                    wordEnd = runEnd;
                }
            }
            frame = runEnd;
        }
        if (word.length() > 0) {
            words.add(new WordTiming(word.toString(), wordStart, wordEnd));
        }
        return words;
    }
}
