package org.wav2vec2spark.model;

import java.io.IOException;

/** A model directory could not be read, failed a check, or the engine could not load its model. */
public class ModelLoadException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception whose message names the file and what was wrong with it.
     *
     * @param message the file, the expected and the actual value
     */
    public ModelLoadException(String message) {
        super(message);
    }

    /**
     * Creates an exception that keeps the lower-level cause.
     *
     * @param message the file and what was being done with it
     * @param cause the error that stopped it
     */
    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
