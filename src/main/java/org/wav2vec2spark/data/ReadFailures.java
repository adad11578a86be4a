package org.wav2vec2spark.data;

import org.apache.hadoop.fs.UnsupportedFileSystemException;
import org.apache.hadoop.security.AccessControlException;

import java.io.FileNotFoundException;
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
     * Whether a failure says the file is missing, is not ours to read, or is on a file system this
     * JVM has no implementation for. Its causes are searched too, as {@link HadoopFiles} wraps what
     * the file system threw.
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
                    || t instanceof UnsupportedFileSystemException) {
                return true;
            }
        }
        return false;
    }
}
