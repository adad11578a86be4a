package org.wav2vec2spark.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

class Utf8LinesTest {

    static Stream<Arguments> texts() {
        return Stream.of(
                Arguments.of("a\nb\n", List.of("a", "b")),
                Arguments.of("a\nb", List.of("a", "b")), // no final newline
                Arguments.of("a\r\n\r\nb\r\n", List.of("a\r", "\r", "b\r")),
                // Classic Mac line ends, a lone '\r', as Python's universal newlines read them.
                Arguments.of("a 1\rb 2\r", List.of("a 1", "b 2")),
                Arguments.of("a\rb\r\nc", List.of("a", "b\r", "c")),
                Arguments.of("", List.of()),
                // A byte order mark (Windows editors write one) is not part of the first line's
                // id, where it would be an invisible character in a confusing error.
                Arguments.of("\uFEFFa 1\nb 2\n", List.of("a 1", "b 2")),
                // Only at the start of the file.
                Arguments.of("a\n\uFEFFb\n", List.of("a", "\uFEFFb")));
    }

    @ParameterizedTest
    @MethodSource("texts")
    void splitsAtNewlines(String text, List<String> lines) throws InvalidUtf8Exception {
        assertThat(Utf8Lines.decode("t.txt", text.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(lines);
    }
}
