package org.wav2vec2spark.ctc;

import org.wav2vec2spark.TestResources;

import java.util.List;

/**
 * The code points of {@code /ctc/python_whitespace.tsv}: those for which Python's {@code
 * str.isspace()} is true, as {@code make_python_whitespace_golden.py} beside it wrote them.
 */
public final class PythonWhitespaceGolden {

    private PythonWhitespaceGolden() {}

    /**
     * Reads the golden file.
     *
     * @return the code points, in increasing order
     */
    public static List<Integer> codePoints() {
        return TestResources.lines("/ctc/python_whitespace.tsv").stream()
                .filter(line -> !line.startsWith("#"))
                .map(line -> Integer.parseInt(line.substring(0, line.indexOf('\t')), 16))
                .toList();
    }
}
