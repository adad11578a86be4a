package org.wav2vec2spark.jobs.executor;

/**
 * The messages of failed rows, evaluate's and transcribe's alike: what went wrong, led by the file
 * it concerns, so a row's error names its file whoever threw.
 */
final class FailureMessages {

    private FailureMessages() {}

    /**
     * A failure's message.
     *
     * @param failure what was thrown
     * @return its message, or its class name when it has none
     */
    static String of(Throwable failure) {
        return failure.getMessage() != null ? failure.getMessage() : failure.getClass().getName();
    }

    /**
     * A message led by the file it concerns, unless it names the file already.
     *
     * @param file the file, or {@code null} when there is none to name
     * @param message what went wrong
     * @return {@code file: message}, or the message as it was
     */
    static String naming(String file, String message) {
        return file == null || message.contains(file) ? message : file + ": " + message;
    }
}
