package org.wav2vec2spark.data;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a text file that must be UTF-8 into its lines, one line at a time, so that an encoding
 * error names the line it is on rather than only the file.
 */
public final class Utf8Lines {

    private Utf8Lines() {}

    /**
     * The lines of a UTF-8 text, split at {@code '\n'} (the {@code '\r'} of a {@code "\r\n"} stays
     * on its line; callers strip lines) and at a {@code '\r'} on its own, as Python's universal
     * newlines split them: a file with classic Mac line ends would otherwise be one line, its first
     * reference running on into every later line. A byte order mark at the start is dropped, as
     * Python's {@code utf-8-sig} does: it would otherwise be an invisible part of the first line's
     * first word.
     *
     * @param file the file name used in messages
     * @param bytes the file's content
     * @throws InvalidUtf8Exception naming {@code file:line} of the first line that is not UTF-8
     */
    public static List<String> decode(String file, byte[] bytes) throws InvalidUtf8Exception {
        // decode() resets the decoder, so one serves every line.
        CharsetDecoder decoder =
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT);
        List<String> lines = new ArrayList<>();
        int start = startsWithByteOrderMark(bytes) ? 3 : 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || isLineEnd(bytes, i)) {
                if (i == bytes.length && start == i) {
                    break;
                }
                try {
                    lines.add(decoder.decode(ByteBuffer.wrap(bytes, start, i - start)).toString());
                } catch (CharacterCodingException e) {
                    throw new InvalidUtf8Exception(file, lines.size() + 1, e);
                }
                start = i + 1;
            }
        }
        return lines;
    }

    // UTF-8 never has 0x0A or 0x0D inside a multi-byte character, so bytes can be split here.
    private static boolean isLineEnd(byte[] bytes, int i) {
        return bytes[i] == '\n'
                || (bytes[i] == '\r' && (i + 1 == bytes.length || bytes[i + 1] != '\n'));
    }

    private static boolean startsWithByteOrderMark(byte[] bytes) {
        return bytes.length >= 3
                && bytes[0] == (byte) 0xEF
                && bytes[1] == (byte) 0xBB
                && bytes[2] == (byte) 0xBF;
    }
}
