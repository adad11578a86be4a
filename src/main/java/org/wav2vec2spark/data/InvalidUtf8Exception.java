package org.wav2vec2spark.data;

import java.io.IOException;

/** A text file with a line that is not valid UTF-8; the message is {@code file:line: ...}. */
public final class InvalidUtf8Exception extends IOException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int lineNumber;

    InvalidUtf8Exception(String file, int lineNumber, Throwable cause) {
        super(file + ":" + lineNumber + ": not valid UTF-8 text", cause);
        this.file = file;
        this.lineNumber = lineNumber;
    }

    /** The file, as named in the message. */
    public String file() {
        return file;
    }

    /** The 1-based number of the first line that is not valid UTF-8. */
    public int lineNumber() {
        return lineNumber;
    }
}
