package org.wav2vec2spark.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

class KaldiTextReaderTest {

    static Stream<Arguments> validFiles() {
        return Stream.of(
                Arguments.of(List.of("a-1 HELLO WORLD"), Map.of("a-1", "HELLO WORLD")),
                // Kaldi separates the id by any whitespace; the words keep their own spacing.
                Arguments.of(List.of("a-1\tHELLO  WORLD\r"), Map.of("a-1", "HELLO  WORLD")),
                // Kaldi's token reader splits words at tabs too (" \t\n\r\f\v"); jiwer splits at
                // spaces only, so HELLO<tab>WORLD would otherwise score as one word.
                Arguments.of(
                        List.of("a-1 HELLO\tWORLD\u000bAGAIN\fAND\rON"),
                        Map.of("a-1", "HELLO WORLD AGAIN AND ON")),
                // An id alone is a recogniser that produced nothing.
                Arguments.of(List.of("a-1", "a-2 X"), Map.of("a-1", "", "a-2", "X")),
                Arguments.of(
                        List.of("", "a-1 X", "   ", "a-2 Y", ""), Map.of("a-1", "X", "a-2", "Y")));
    }

    @ParameterizedTest
    @MethodSource("validFiles")
    void parsesIdsAndTexts(List<String> lines, Map<String, String> expected) {
        assertThat(KaldiTextReader.parse("t.txt", lines)).isEqualTo(expected);
    }

    @Test
    void keepsFileOrder() {
        assertThat(KaldiTextReader.parse("t.txt", List.of("z A", "a B", "m C")).keySet())
                .containsExactly("z", "a", "m");
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of(
                        List.of("a-1 X", "", "a-1 Y"),
                        "t.txt:3: duplicate utterance id 'a-1' (first on line 1)"),
                Arguments.of(List.of("", "  "), "t.txt: no utterances; expected lines of"));
    }

    @ParameterizedTest
    @MethodSource("badFiles")
    void rejectsWithFileAndLine(List<String> lines, String message) {
        assertThatThrownBy(() -> KaldiTextReader.parse("t.txt", lines))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void invalidUtf8NamesItsLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("hyp.txt");
        byte[] good = "a-1 X\na-2 Y\n".getBytes(StandardCharsets.UTF_8);
        byte[] bad = {'a', '-', '3', ' ', (byte) 0xC3, '(', '\n'};
        byte[] content = new byte[good.length + bad.length];
        System.arraycopy(good, 0, content, 0, good.length);
        System.arraycopy(bad, 0, content, good.length, bad.length);
        Files.write(file, content);

        assertThatThrownBy(() -> KaldiTextReader.read(new Configuration(), file.toUri().toString()))
                .isInstanceOf(IOException.class)
                .hasMessage(file.toUri() + ":3: not valid UTF-8 text");
    }

    @Test
    void readsThroughHadoopFileSystems(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("ref.txt");
        Files.writeString(file, "b ÉTÉ\na DEUX MOTS\n");

        assertThat(KaldiTextReader.read(new Configuration(), "file://" + file))
                .containsExactly(Map.entry("b", "ÉTÉ"), Map.entry("a", "DEUX MOTS"));
    }
}
