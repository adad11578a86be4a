package org.wav2vec2spark.model;

/**
 * The device failed, not the batch ({@link DeviceFaults}): every later batch on it would fail the
 * same way. It is thrown rather than recorded as the batch's utterances' errors, so that the Spark
 * task fails and is run again, where a healthy device can take it, instead of the run filling with
 * failed rows.
 */
public final class DeviceFailureException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, for the task's failure reason
     * @param cause what the engine threw
     */
    public DeviceFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
