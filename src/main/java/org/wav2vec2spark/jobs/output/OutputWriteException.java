package org.wav2vec2spark.jobs.output;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;

/**
 * A job could not write or replace its output folder once its input had been read: a failure of the
 * run (a full disk, a quota, lost permissions), which the jobs' command lines exit 3 for, not an
 * error in the command or its input (exit 2) that rerunning it would repeat.
 */
public final class OutputWriteException extends IOException {
    private static final long serialVersionUID = 1L;

    private OutputWriteException(String message, IOException cause) {
        super(message, cause);
    }

    /**
     * The failure as an output failure, kept as it is when it already is one.
     *
     * @param outputUri the output folder, which the message names
     * @param failure what the writing threw
     */
    public static OutputWriteException of(String outputUri, IOException failure) {
        if (failure instanceof OutputWriteException written) {
            return written;
        }
        return new OutputWriteException(
                "Cannot write the output " + outputUri + ": " + why(failure), failure);
    }

    /**
     * The failure's message, with the reason the JDK's file exceptions leave out: an {@link
     * AccessDeniedException}'s message is the file alone.
     */
    private static String why(IOException failure) {
        String message = failure.getMessage() != null ? failure.getMessage() : failure.toString();
        if (failure instanceof FileSystemException file && file.getReason() == null) {
            return message
                    + (failure instanceof AccessDeniedException
                            ? ": permission denied"
                            : " (" + failure.getClass().getSimpleName() + ")");
        }
        return message;
    }
}
