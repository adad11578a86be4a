package org.wav2vec2spark.data;

import org.apache.hadoop.conf.Configuration;

import java.io.IOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads transcripts in Kaldi's {@code text} format: one {@code <utt-id> <words...>} per line, the
 * id and the words separated by whitespace. A line holding only an id is an empty transcript (a
 * recogniser that produced nothing), as in Kaldi. Blank lines are skipped.
 *
 * <p>Everything else that cannot be scored unambiguously is an error naming {@code file:line}: a
 * repeated utterance id (Kaldi's table readers would silently keep one of them), a line that is not
 * valid UTF-8, and a file with no utterances at all.
 */
public final class KaldiTextReader {

    /** The characters that separate words in Kaldi's {@code TokenVectorHolder}. */
    private static final String KALDI_WORD_SEPARATORS = " \t\n\r\f\u000B";

    private KaldiTextReader() {}

    /**
     * Reads a file from any Hadoop file system.
     *
     * @param conf Hadoop configuration (for hdfs:, s3a: ...)
     * @param uri the file
     * @return utterance id to transcript text (words separated as in the file), in file order
     * @throws IOException when the file cannot be read or is not valid Kaldi text
     */
    public static Map<String, String> read(Configuration conf, String uri) throws IOException {
        return read(uri, HadoopFiles.readAllBytes(conf, uri));
    }

    /**
     * Reads a file's bytes, read already: a pipe ({@code --hyp <(...)}) can be read only once.
     *
     * @param uri the file, for messages
     * @param bytes its content
     */
    public static Map<String, String> read(String uri, byte[] bytes) throws IOException {
        try {
            return parse(uri, decodeLines(uri, bytes));
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * Parses the lines of one file.
     *
     * @param file the file name used in messages
     * @param lines the file's lines, in order
     * @return utterance id to transcript text, in file order
     * @throws IllegalArgumentException naming {@code file:line} for a repeated id, or the file when
     *     it holds no utterance
     */
    public static Map<String, String> parse(String file, List<String> lines) {
        Map<String, String> texts = new LinkedHashMap<>();
        Map<String, Integer> lineOfId = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            int space = firstWhitespace(line);
            String id = space < 0 ? line : line.substring(0, space);
            String text =
                    space < 0 ? "" : wordsSeparatedBySpaces(line.substring(space + 1).strip());
            Integer first = lineOfId.putIfAbsent(id, i + 1);
            if (first != null) {
                throw new IllegalArgumentException(
                        file
                                + ":"
                                + (i + 1)
                                + ": duplicate utterance id '"
                                + id
                                + "' (first on line "
                                + first
                                + ")");
            }
            texts.put(id, text);
        }
        if (texts.isEmpty()) {
            throw new IllegalArgumentException(
                    file + ": no utterances; expected lines of '<utt-id> <words>'");
        }
        return Collections.unmodifiableMap(texts);
    }

    /** Splits on '\n' and decodes each line on its own, so an encoding error names its line. */
    static List<String> decodeLines(String file, byte[] bytes) {
        try {
            return Utf8Lines.decode(file, bytes);
        } catch (InvalidUtf8Exception e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * Kaldi's token reader splits words at any of {@code " \t\n\r\f\v"}, but jiwer's tokeniser
     * splits at spaces only: the others become spaces so that {@code HELLO<tab>WORLD} is two words,
     * as in Kaldi. Spaces are kept as they are.
     */
    private static String wordsSeparatedBySpaces(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(KALDI_WORD_SEPARATORS.indexOf(c) >= 0 ? ' ' : c);
        }
        return out.toString();
    }

    private static int firstWhitespace(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (Character.isWhitespace(line.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
