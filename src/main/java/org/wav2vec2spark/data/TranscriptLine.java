package org.wav2vec2spark.data;

import java.io.Serializable;

/**
 * One line of a chapter's {@code .trans.txt}, parsed or rejected.
 *
 * @param file the transcript file the line came from
 * @param lineNumber the 1-based line number; 0 for the whole file (one that could not be read)
 * @param utteranceId the utterance id, or {@code null} when the line holds none (a line of an id
 *     alone keeps it, so that its utterance fails with the line's reason)
 * @param text the reference text, or {@code null} when the line was rejected
 * @param error why the line was rejected, or {@code null} when it is valid
 */
public record TranscriptLine(
        String file, int lineNumber, String utteranceId, String text, String error)
        implements Serializable {

    /** Whether this line holds a usable reference. */
    public boolean isValid() {
        return error == null;
    }

    /** Where the line is, as {@code file:line} (the file alone for line 0), for messages. */
    public String location() {
        return lineNumber > 0 ? file + ":" + lineNumber : file;
    }
}
