package org.wav2vec2spark.jobs.output;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.ShutdownHookManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wav2vec2spark.data.HadoopFiles;

import java.io.IOException;

/**
 * Replaces an output folder without losing it to a run that fails: the old folder is renamed to a
 * hidden sibling ({@code .<name>.replaced-<millis>}) before the run writes, deleted once the run
 * has succeeded, and renamed back if it fails or the JVM is shut down under it (Ctrl-C, SIGTERM). A
 * process killed outright in between leaves the old output in that sibling, named in the log. On
 * HDFS and local disks the rename is atomic and instant; on object stores (s3a:) it is a copy.
 */
public final class OutputReplacement {
    private static final Logger LOG = LoggerFactory.getLogger(OutputReplacement.class);

    /** Nothing to replace: {@link #succeeded} and {@link #failed} do nothing. */
    public static final OutputReplacement NONE = new OutputReplacement(null, null, null);

    /** Runs after Spark's hook has stopped the job, before Hadoop closes its file systems. */
    private static final int SHUTDOWN_PRIORITY = FileSystem.SHUTDOWN_HOOK_PRIORITY + 10;

    private final FileSystem fs;
    private final Path output;
    private final Path aside;
    private final Runnable onShutdown = this::stoppedByShutdown;
    private boolean settled;

    private OutputReplacement(FileSystem fs, Path output, Path aside) {
        this.fs = fs;
        this.output = output;
        this.aside = aside;
    }

    /**
     * Runs a job's writing into its output folder; with {@code replace}, the earlier folder is
     * moved aside first, deleted once the writing has returned and put back if it throws. Without
     * it, what a writing that throws left is kept: the folder may be another run's that appeared
     * since the check (two runs started in the same second share a default folder), and a folder
     * without {@code summary.json} is never taken for a finished run ({@link ExistingOutput}).
     *
     * @param conf the Hadoop configuration
     * @param outputUri the folder the writing fills
     * @param replace whether an earlier folder is there to replace ({@link ExistingOutput})
     * @param writing what writes the folder
     * @return what the writing returned
     * @throws OutputWriteException when the writing throws an {@link IOException} (the earlier
     *     folder is back) or the folder cannot be moved aside; what else the writing throws, such
     *     as a refusal of the results, passes unchanged
     */
    public static <T> T writeReplacing(
            Configuration conf, String outputUri, boolean replace, Writing<T> writing)
            throws IOException {
        try {
            OutputReplacement replacement = replace ? moveAside(conf, outputUri) : NONE;
            T result;
            try {
                result = writing.write();
            } catch (Throwable t) {
                replacement.failed();
                throw t;
            }
            replacement.succeeded();
            return result;
        } catch (IOException e) {
            throw OutputWriteException.of(outputUri, e);
        }
    }

    /**
     * A job's writing into its output folder, for {@link #writeReplacing}.
     *
     * @param <T> what it returns
     */
    @FunctionalInterface
    public interface Writing<T> {
        /**
         * Writes the folder.
         *
         * @return the writing's result
         * @throws IOException when writing fails
         */
        T write() throws IOException;
    }

    /**
     * Moves the existing output folder aside.
     *
     * @param conf the Hadoop configuration
     * @param outputUri the folder the run will write
     * @throws IOException when the folder cannot be renamed
     */
    public static OutputReplacement moveAside(Configuration conf, String outputUri)
            throws IOException {
        // "--output ." has no parent to move it aside in until it is made absolute.
        Path output = HadoopFiles.absoluteFolder(conf, new Path(outputUri));
        FileSystem fs = output.getFileSystem(conf);
        Path aside =
                HadoopFiles.child(
                        output.getParent(),
                        "." + output.getName() + ".replaced-" + System.currentTimeMillis());
        if (!fs.rename(output, aside)) {
            throw new IOException("Cannot move the output " + outputUri + " aside to " + aside);
        }
        LOG.info("Moved the earlier output aside to {} until this run succeeds", aside);
        OutputReplacement replacement = new OutputReplacement(fs, output, aside);
        // Ctrl-C or a scheduler's SIGTERM: the JVM halts once its hooks have run, before the
        // writing's failure reaches failed(), so the earlier output is put back from a hook.
        ShutdownHookManager.get().addShutdownHook(replacement.onShutdown, SHUTDOWN_PRIORITY);
        return replacement;
    }

    /**
     * The run succeeded: deletes the old output. A failure to delete it is logged with its path,
     * and does not make the finished run a failed one.
     */
    public void succeeded() {
        if (!settle()) {
            return;
        }
        try {
            if (!fs.delete(aside, true)) {
                throw new IOException("delete returned false");
            }
        } catch (IOException e) {
            LOG.warn(
                    "The run succeeded, but the earlier output moved aside to {} could not be"
                            + " deleted; delete it by hand",
                    aside,
                    e);
        }
    }

    /**
     * The run failed: deletes what it wrote and puts the old output back. A failure to restore is
     * logged with the path that holds the old output, and does not hide the run's own failure.
     */
    public void failed() {
        if (settle()) {
            restore("The run failed");
        }
    }

    /** What the JVM's shutdown runs while the replacement is unsettled. */
    Runnable shutdownHook() {
        return onShutdown;
    }

    /** The JVM is shutting down with the run unfinished: the earlier output is put back. */
    void stoppedByShutdown() {
        if (settle()) {
            restore("The run was stopped (SIGTERM, Ctrl-C)");
        }
    }

    /**
     * Marks the replacement settled, once, and removes its shutdown hook.
     *
     * @return false when there is nothing to replace, or it was settled already
     */
    private synchronized boolean settle() {
        if (aside == null || settled) {
            return false;
        }
        settled = true;
        try {
            ShutdownHookManager.get().removeShutdownHook(onShutdown);
        } catch (IllegalStateException e) { // the JVM is shutting down: this is the hook
        }
        return true;
    }

    private void restore(String why) {
        try {
            fs.delete(output, true);
            if (!fs.rename(aside, output)) {
                throw new IOException("rename returned false");
            }
            LOG.info("{}; the earlier output is back at {}", why, output);
        } catch (IOException e) {
            LOG.error(
                    "{} and the earlier output could not be restored: it is at {}", why, aside, e);
        }
    }
}
