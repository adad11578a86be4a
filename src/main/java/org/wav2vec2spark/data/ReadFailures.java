package org.wav2vec2spark.data;

import org.apache.hadoop.fs.UnsupportedFileSystemException;
import org.apache.hadoop.security.AccessControlException;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/**
 * Tells a file system's failures that are the input's own, which every retry would meet again, from
 * those of the moment (a connection reset, a timeout, an HDFS block no datanode served), after
 * which the task should fail so that Spark runs it again.
 */
public final class ReadFailures {

    private ReadFailures() {}

    /**
     * Whether a failure says the file is missing, is not ours to read, is on a file system this JVM
     * has no implementation for, or is not text in the encoding it was read in. Its causes are
     * searched too, as {@link HadoopFiles} wraps what the file system threw.
     *
     * @param failure what opening or reading the file threw
     * @return true when a retry would fail the same way
     */
    public static boolean isPermanent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof FileNotFoundException
                    || t instanceof NoSuchFileException
                    || t instanceof AccessDeniedException
                    || t instanceof AccessControlException
                    || t instanceof UnsupportedFileSystemException
                    || t instanceof CharacterCodingException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Rethrows a failure of the moment unchecked, so that the task fails and Spark runs it again;
     * returns for one that is the file's own, which the caller reports against the file. A failure
     * without a cause is the reader's own refusal ({@link HadoopFiles} wraps what the file system
     * threw, and refuses a file too large for memory without one), so it is the file's.
     *
     * @param failure what reading a file threw
     * @throws UncheckedIOException when the failure is not the file's own
     */
    public static void rethrowIfOfTheMoment(IOException failure) {
        if (failure.getCause() != null && !isPermanent(failure)) {
            throw new UncheckedIOException(failure.getMessage(), failure);
        }
    }
}
