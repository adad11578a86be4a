package org.wav2vec2spark.jobs.output;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wav2vec2spark.data.HadoopFiles;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A transcribe job's claim on its output folder while it runs: {@code _RUNNING}, renewed by a
 * daemon thread and deleted when the job ends.
 *
 * <p>A job deletes the run folders without {@code _SUCCESS} it finds, as a crashed run's. A folder
 * another job is still writing looks the same, so a second job on the same output (a cron job whose
 * last run has not finished) would delete the first one's run under it. It finds the first one's
 * claim instead, and is refused. A claim not renewed for {@link #EXPIRY} is a killed job's, and is
 * taken over with a warning, so that resuming after a kill needs nothing removed by hand. The age
 * is the file system's modification time against this machine's clock; the expiry leaves room for
 * clocks minutes apart.
 */
public final class OutputLease implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutputLease.class);

    /** The claim's file in the output folder; Spark's readers pass over names starting with _. */
    static final String FILE = "_RUNNING";

    /** How often a running job renews its claim. */
    static final Duration RENEWAL = Duration.ofSeconds(30);

    /** How long a claim not renewed holds: ten renewals missed. */
    static final Duration EXPIRY = Duration.ofMinutes(5);

    private final FileSystem fs;
    private final Path file;
    private final boolean folderCreated;
    private final ScheduledExecutorService renewer;

    private OutputLease(FileSystem fs, Path file, boolean folderCreated, Duration renewal) {
        this.fs = fs;
        this.file = file;
        this.folderCreated = folderCreated;
        this.renewer =
                Executors.newSingleThreadScheduledExecutor(
                        task -> {
                            Thread thread = new Thread(task, "output-lease " + file);
                            thread.setDaemon(true);
                            return thread;
                        });
        long millis = renewal.toMillis();
        renewer.scheduleAtFixedRate(this::renew, millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Claims an output folder, creating it when missing.
     *
     * @param conf the Hadoop configuration
     * @param outputUri the folder
     * @param holder who claims it, written in the file for the next job's message: the Spark
     *     application and host
     * @return the claim; close it when the job ends
     * @throws IllegalArgumentException when another job's claim is fresh
     * @throws IOException when the claim cannot be written
     */
    public static OutputLease take(Configuration conf, String outputUri, String holder)
            throws IOException {
        return take(conf, outputUri, holder, RENEWAL);
    }

    /** {@link #take}, renewing every {@code renewal}; package-private for tests. */
    static OutputLease take(Configuration conf, String outputUri, String holder, Duration renewal)
            throws IOException {
        Path file = new Path(outputUri, FILE);
        FileSystem fs = file.getFileSystem(conf);
        byte[] content = (holder + "\n").getBytes(StandardCharsets.UTF_8);
        boolean folderCreated = !fs.exists(file.getParent());
        try {
            HadoopFiles.createNew(fs, file, content);
        } catch (FileAlreadyExistsException held) {
            takeOver(fs, file, outputUri, content);
        }
        return new OutputLease(fs, file, folderCreated, renewal);
    }

    /** Replaces an expired claim; a fresh one, or another job's taking over first, refuses. */
    private static void takeOver(FileSystem fs, Path file, String outputUri, byte[] content)
            throws IOException {
        long ageMillis;
        String heldBy;
        try {
            ageMillis = System.currentTimeMillis() - fs.getFileStatus(file).getModificationTime();
            try (FSDataInputStream in = fs.open(file)) {
                heldBy = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            }
        } catch (FileNotFoundException ended) {
            ageMillis = Long.MAX_VALUE; // the other job ended between the two looks
            heldBy = "";
        }
        if (ageMillis < EXPIRY.toMillis()) {
            throw inUse(outputUri, file, heldBy, ageMillis);
        }
        LOG.warn(
                "Taking over {}: not renewed for over {} minutes, so the job that held it ({})"
                        + " ended without removing it",
                file,
                EXPIRY.toMinutes(),
                heldBy);
        fs.delete(file, false);
        try {
            HadoopFiles.createNew(fs, file, content);
        } catch (FileAlreadyExistsException other) {
            throw inUse(outputUri, file, "another job taking it over at the same moment", 0);
        }
    }

    private static IllegalArgumentException inUse(
            String outputUri, Path file, String heldBy, long ageMillis) {
        return new IllegalArgumentException(
                "--output "
                        + outputUri
                        + " is being written by another transcribe job ("
                        + heldBy
                        + "; its claim "
                        + file
                        + " was renewed "
                        + Math.max(0, ageMillis / 1000)
                        + " s ago): one job at a time writes an output folder. If no other job is"
                        + " running, delete that file, or run again in "
                        + EXPIRY.toMinutes()
                        + " minutes, when it expires");
    }

    private void renew() {
        try {
            fs.setTimes(file, System.currentTimeMillis(), -1);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot renew {}: {}", file, e.toString());
        }
    }

    /**
     * Stops renewing and removes the claim, and the folder the claim made when nothing was written
     * to it (a job that failed before its first run).
     */
    @Override
    public void close() {
        renewer.shutdownNow();
        try {
            fs.delete(file, false);
            Path folder = file.getParent();
            if (folderCreated && fs.listStatus(folder).length == 0) {
                fs.delete(folder, false);
            }
        } catch (IOException e) {
            LOG.warn("Cannot remove {}; the next job takes it over once it expires", file, e);
        }
    }
}
