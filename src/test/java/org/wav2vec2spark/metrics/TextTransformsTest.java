package org.wav2vec2spark.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.wav2vec2spark.ctc.PythonWhitespaceGolden;

import java.util.List;
import java.util.stream.Stream;

/** Expected values follow jiwer's transforms step by step, derived in the comments. */
class TextTransformsTest {

    static Stream<Arguments> werDefaultCases() {
        return Stream.of(
                Arguments.of("HELLO WORLD", List.of("HELLO", "WORLD")),
                // "  HELLO   WORLD  " -> RemoveMultipleSpaces " HELLO WORLD " -> Strip -> split
                Arguments.of("  HELLO   WORLD  ", List.of("HELLO", "WORLD")),
                // a single tab is not a run of two, and split(" ") ignores it: one word, as in
                // jiwer
                Arguments.of("A\tB", List.of("A\tB")),
                // "A\t\tB" -> "A B"; "A \tB" -> "A B"
                Arguments.of("A\t\tB", List.of("A", "B")),
                Arguments.of("A \tB", List.of("A", "B")),
                // Python strips U+00A0 (Java's Character.isWhitespace would not)
                Arguments.of("\u00A0HI\u00A0", List.of("HI")),
                Arguments.of("", List.of()),
                Arguments.of(" \n ", List.of()));
    }

    @ParameterizedTest
    @MethodSource("werDefaultCases")
    void reducesToWordsAsJiwerWerDefault(String text, List<String> words) {
        assertThat(TextTransforms.WER_DEFAULT.apply(text)).isEqualTo(words);
    }

    static List<Integer> pythonWhitespace() {
        return PythonWhitespaceGolden.codePoints();
    }

    @ParameterizedTest(name = "code point {0}")
    @MethodSource("pythonWhitespace")
    void stripsEveryPythonWhitespaceAsJiwerStrip(int codePoint) {
        String space = Character.toString(codePoint);
        // jiwer's Strip is str.strip(): it removes every str.isspace() character at the ends
        assertThat(TextTransforms.STRIP.apply(space + "A B" + space)).isEqualTo("A B");
    }

    static Stream<Arguments> cerDefaultCases() {
        return Stream.of(
                Arguments.of("AB", List.of("A", "B")),
                // Strip only: the inner double space stays, each space is a character
                Arguments.of(" A  B ", List.of("A", " ", " ", "B")),
                // one token per code point: the emoji is two UTF-16 units but one character in
                // Python
                Arguments.of("\uD83D\uDE00x", List.of("\uD83D\uDE00", "x")),
                Arguments.of("  ", List.of()));
    }

    @ParameterizedTest
    @MethodSource("cerDefaultCases")
    void reducesToCharactersAsJiwerCerDefault(String text, List<String> chars) {
        assertThat(TextTransforms.CER_DEFAULT.apply(text)).isEqualTo(chars);
    }

    static Stream<Arguments> singleSteps() {
        return Stream.of(
                // jiwer's RemoveMultipleSpaces docstring example
                Arguments.of(
                        TextTransforms.REMOVE_MULTIPLE_SPACES.apply("this is   an   example "),
                        "this is an example "),
                Arguments.of(
                        TextTransforms.REMOVE_MULTIPLE_SPACES.apply("  hello goodbye  "),
                        " hello goodbye "),
                // jiwer's Strip docstring example
                Arguments.of(
                        TextTransforms.STRIP.apply(" this is an example "), "this is an example"),
                Arguments.of(TextTransforms.STRIP.apply("  "), ""));
    }

    @ParameterizedTest
    @MethodSource("singleSteps")
    void singleStepsMatchJiwerDocstrings(String actual, String expected) {
        assertThat(actual).isEqualTo(expected);
    }
}
