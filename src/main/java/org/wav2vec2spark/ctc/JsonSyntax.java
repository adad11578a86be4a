package org.wav2vec2spark.ctc;

/**
 * Gson's account of where a text stops being JSON ({@code End of input at line 1 column 14 path
 * $.format}), for the messages of every reader of the project's JSON files: the vocabulary here,
 * the model directory's settings, and the jobs' own records. Gson's advice to parse leniently and
 * its troubleshooting link are taken out, as they are no help to a user fixing a file. It lives in
 * the lowest package that reads JSON, so that the later stages share it without reaching back.
 */
public final class JsonSyntax {

    private JsonSyntax() {}

    /**
     * What Gson says is wrong and where, from the innermost cause of its exception.
     *
     * @param e what Gson threw: a {@code JsonSyntaxException}, or the {@code
     *     MalformedJsonException} or {@code EOFException} of its streaming reader
     * @return the reason with its line, column and JSON path
     */
    public static String describe(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return String.valueOf(cause.getMessage())
                .replaceAll(
                        "Use JsonReader\\.setStrictness\\([^)]*\\) to accept malformed JSON",
                        "unexpected text")
                .replaceAll("\\s*See https?://\\S+", "")
                .strip();
    }
}
