package org.wav2vec2spark.ctc;

/**
 * Python's notion of whitespace: the code points for which {@code str.isspace()} is true, which
 * {@code str.strip()} removes and the {@code \s} of a {@code str} regex matches. transformers'
 * {@code Wav2Vec2CTCTokenizer} strips decoded text with it, and jiwer's transforms split and strip
 * with it, so the decoder here and the text transforms in {@code metrics} share this one
 * definition.
 *
 * <p>Java's {@link Character#isWhitespace} (behind {@link String#strip()}) is a smaller set: it
 * leaves out the no-break spaces U+00A0, U+2007 and U+202F and the next-line control U+0085, which
 * Python strips. The list below is Python 3.11's (Unicode 14.0); {@code PythonWhitespaceTest}
 * compares it, code point by code point, with a golden file that Python itself wrote.
 */
public final class PythonWhitespace {

    private PythonWhitespace() {}

    /**
     * Whether Python's {@code str.isspace()} holds for a code point.
     *
     * @param codePoint a Unicode code point
     * @return whether Python counts it as whitespace
     */
    public static boolean isWhitespace(int codePoint) {
        return (codePoint >= 0x09 && codePoint <= 0x0D)
                || (codePoint >= 0x1C && codePoint <= 0x20)
                || codePoint == 0x85
                || codePoint == 0xA0
                || codePoint == 0x1680
                || (codePoint >= 0x2000 && codePoint <= 0x200A)
                || codePoint == 0x2028
                || codePoint == 0x2029
                || codePoint == 0x202F
                || codePoint == 0x205F
                || codePoint == 0x3000;
    }

    /**
     * Python's {@code str.strip()} without arguments: removes leading and trailing whitespace as
     * {@link #isWhitespace(int)} defines it.
     *
     * @param text the text
     * @return the text without leading and trailing whitespace
     */
    public static String strip(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isWhitespace(text.codePointAt(start))) {
            start += Character.charCount(text.codePointAt(start));
        }
        while (end > start && isWhitespace(text.codePointBefore(end))) {
            end -= Character.charCount(text.codePointBefore(end));
        }
        return text.substring(start, end);
    }
}
