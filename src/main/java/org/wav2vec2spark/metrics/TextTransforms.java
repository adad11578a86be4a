package org.wav2vec2spark.metrics;

import org.wav2vec2spark.ctc.PythonWhitespace;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * jiwer's text transforms, as small steps that compose with {@link Function#andThen}, and its two
 * default chains: {@link #WER_DEFAULT} and {@link #CER_DEFAULT}. Whitespace is Python's ({@link
 * PythonWhitespace}), so that strings with unusual spaces tokenise as in jiwer.
 */
public final class TextTransforms {

    /**
     * jiwer {@code RemoveMultipleSpaces}: {@code re.sub(r"\s\s+", " ", s)}. Runs of two or more
     * whitespace characters become one space; a single tab or newline is left as it is.
     */
    public static final UnaryOperator<String> REMOVE_MULTIPLE_SPACES =
            TextTransforms::removeMultipleSpaces;

    /**
     * jiwer {@code Strip}: Python's {@code str.strip()}, removing leading and trailing whitespace.
     */
    public static final UnaryOperator<String> STRIP = PythonWhitespace::strip;

    /**
     * jiwer {@code ReduceToListOfListOfWords}: split on the space character only and drop empty
     * pieces (so a tab inside a word does not split it, exactly as in jiwer).
     */
    public static final Function<String, List<String>> TO_WORDS = TextTransforms::toWords;

    /**
     * jiwer {@code ReduceToListOfListOfChars}: one token per Unicode code point (Python iterates
     * code points, not UTF-16 units), spaces included.
     */
    public static final Function<String, List<String>> TO_CHARS = TextTransforms::toChars;

    /** jiwer {@code wer_default}: RemoveMultipleSpaces, Strip, ReduceToListOfListOfWords. */
    public static final Function<String, List<String>> WER_DEFAULT =
            REMOVE_MULTIPLE_SPACES.andThen(STRIP).andThen(TO_WORDS);

    /**
     * jiwer {@code cer_default}: Strip, ReduceToListOfListOfChars. Inner spaces are not collapsed
     * and count as characters, so {@code "A B"} has four reference characters.
     */
    public static final Function<String, List<String>> CER_DEFAULT = STRIP.andThen(TO_CHARS);

    private TextTransforms() {}

    private static String removeMultipleSpaces(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int index = 0;
        while (index < text.length()) {
            int codePoint = text.codePointAt(index);
            int runEnd = index;
            int runLength = 0;
            while (runEnd < text.length()
                    && PythonWhitespace.isWhitespace(text.codePointAt(runEnd))) {
                runEnd += Character.charCount(text.codePointAt(runEnd));
                runLength++;
            }
            if (runLength >= 2) {
                out.append(' ');
                index = runEnd;
            } else {
                out.appendCodePoint(codePoint);
                index += Character.charCount(codePoint);
            }
        }
        return out.toString();
    }

    private static List<String> toWords(String text) {
        List<String> words = new ArrayList<>();
        int start = 0;
        while (start <= text.length()) {
            int space = text.indexOf(' ', start);
            int end = space < 0 ? text.length() : space;
            if (end > start) {
                words.add(text.substring(start, end));
            }
            start = end + 1;
        }
        return words;
    }

    private static List<String> toChars(String text) {
        List<String> chars = new ArrayList<>(text.length());
        text.codePoints().forEach(codePoint -> chars.add(new String(Character.toChars(codePoint))));
        return chars;
    }
}
