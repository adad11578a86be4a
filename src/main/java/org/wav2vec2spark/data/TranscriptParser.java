package org.wav2vec2spark.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a chapter transcript: one {@code <utt-id> <TEXT>} per line.
 *
 * <p>A line that cannot be used is kept as a rejected {@link TranscriptLine} naming the file and
 * line, so that the evaluation reports it instead of silently scoring fewer utterances. Blank lines
 * carry nothing and are skipped.
 */
public final class TranscriptParser {

    private TranscriptParser() {}

    /**
     * Parses every line of one transcript file.
     *
     * @param file the file name used in messages
     * @param chapter the chapter the file belongs to (its ids must start with speaker-chapter)
     * @param lines the file's lines, in order
     * @return one entry per non-blank line, valid or rejected
     */
    public static List<TranscriptLine> parse(
            String file, UtteranceKey chapter, List<String> lines) {
        List<TranscriptLine> parsed = new ArrayList<>(lines.size());
        Map<String, Integer> firstLineOfId = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            int lineNumber = i + 1;
            TranscriptLine entry = parseLine(file, lineNumber, chapter, line);
            if (entry.utteranceId() != null) {
                Integer first = firstLineOfId.putIfAbsent(entry.utteranceId(), lineNumber);
                if (first != null) {
                    entry =
                            rejected(
                                    file,
                                    lineNumber,
                                    "duplicate utterance id '"
                                            + entry.utteranceId()
                                            + "' (first on line "
                                            + first
                                            + ")");
                }
            }
            parsed.add(entry);
        }
        return parsed;
    }

    private static TranscriptLine parseLine(
            String file, int lineNumber, UtteranceKey chapter, String line) {
        int space = firstWhitespace(line);
        if (space < 0) {
            String reason =
                    "expected '<utt-id> <TEXT>' but the line has no text after '"
                            + abbreviate(line)
                            + "'";
            // An id of this chapter alone is that utterance's line, without its text: the
            // utterance fails with this reason, rather than once for the line and once more for
            // "no transcript line".
            return LibriSpeechLayout.belongsToChapter(line, chapter)
                    ? new TranscriptLine(
                            file, lineNumber, line, null, file + ":" + lineNumber + ": " + reason)
                    : rejected(file, lineNumber, reason);
        }
        String id = line.substring(0, space);
        if (!LibriSpeechLayout.belongsToChapter(id, chapter)) {
            return rejected(
                    file,
                    lineNumber,
                    "utterance id '"
                            + abbreviate(id)
                            + "' is not of the form "
                            + chapter.speaker()
                            + "-"
                            + chapter.chapter()
                            + "-<utt> that this chapter's ids have");
        }
        return new TranscriptLine(file, lineNumber, id, line.substring(space + 1).strip(), null);
    }

    private static int firstWhitespace(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (Character.isWhitespace(line.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static TranscriptLine rejected(String file, int lineNumber, String reason) {
        return new TranscriptLine(
                file, lineNumber, null, null, file + ":" + lineNumber + ": " + reason);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
