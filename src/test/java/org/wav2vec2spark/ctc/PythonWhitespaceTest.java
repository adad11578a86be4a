package org.wav2vec2spark.ctc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;

/** Checks the whitespace set against what Python's {@code str.isspace()} wrote to a golden file. */
class PythonWhitespaceTest {

    static List<Integer> pythonWhitespace() {
        return PythonWhitespaceGolden.codePoints();
    }

    @Test
    void agreesWithPythonOnEveryCodePoint() {
        List<Integer> golden = pythonWhitespace();
        // Sanity: without this an empty or unparsed file would make the comparison vacuous.
        assertThat(golden).contains(0x20, 0xA0, 0x3000);

        List<Integer> ours = new ArrayList<>();
        for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
            if (PythonWhitespace.isWhitespace(codePoint)) {
                ours.add(codePoint);
            }
        }
        assertThat(ours).containsExactlyElementsOf(golden);
    }

    @ParameterizedTest(name = "code point {0}")
    @MethodSource("pythonWhitespace")
    void stripsEachPythonWhitespaceAtBothEnds(int codePoint) {
        String space = Character.toString(codePoint);
        // " A B " with the space under test at both ends and inside: str.strip() keeps the inside.
        String text = space + space + "A" + space + "B" + space;

        assertThat(PythonWhitespace.strip(text)).isEqualTo("A" + space + "B");
    }

    @Test
    void keepsWhatPythonDoesNotStrip() {
        // U+200B (zero width space) and U+FEFF (BOM) are not whitespace to Python; U+1D400 is a
        // letter outside the BMP, two UTF-16 units.
        String text = "\u200B\uFEFFA\uD835\uDC00";

        assertThat(PythonWhitespace.strip(text)).isEqualTo(text);
        assertThat(PythonWhitespace.strip(" \u3000 ")).isEmpty();
        assertThat(PythonWhitespace.strip("")).isEmpty();
    }
}
