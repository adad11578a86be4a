package org.wav2vec2spark.metrics;

/**
 * Python's notion of whitespace ({@code str.isspace()}, which {@code str.strip()} and the {@code
 * \s} of a {@code str} regex use). Java's {@link Character#isWhitespace} differs: it excludes
 * no-break spaces (U+00A0, U+2007, U+202F) and U+0085, which Python strips.
 */
final class PythonWhitespace {

    private PythonWhitespace() {}

    static boolean isWhitespace(int codePoint) {
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
}
