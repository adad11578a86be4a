package org.wav2vec2spark.audio;

import java.io.IOException;

/**
 * An audio file that cannot be decoded: unknown container, corrupt or truncated data, or a format
 * this project does not accept. The message always names the file and what was found.
 */
public class AudioFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message that already names the file.
     *
     * @param message what was wrong, including the file name and position
     */
    public AudioFormatException(String message) {
        super(message);
    }

    /**
     * Creates an exception that keeps the lower-level cause.
     *
     * @param message what was wrong, including the file name and position
     * @param cause the underlying failure
     */
    public AudioFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
