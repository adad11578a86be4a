package org.wav2vec2spark.jobs.output;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.ShutdownHookManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wav2vec2spark.data.HadoopFiles;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a second transcribe job out of an output folder while one writes to it. Two jobs on one
 * folder would each take the other's unfinished run for a crashed one and delete it ({@link
 * OutputRuns#scan}), and transcribe the same recordings twice.
 *
 * <p>The lock is the file {@code <output>/_transcribe.lock}, created only if absent and naming its
 * holder ({@link LockHolder}); Spark and the runs' readers pass over names that start with {@code
 * _}. The holder refreshes the file's modification time while it runs, and deletes the file when it
 * ends, on a JVM shutdown too (Ctrl-C, a scheduler's SIGTERM). A job killed outright leaves the
 * file behind, and the next job takes it over when the holder's process is gone from this host, or
 * when the file has not been refreshed for {@link #STALE_AFTER}.
 */
public final class OutputLock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutputLock.class);

    /** The lock's name in the output folder. */
    public static final String NAME = "_transcribe.lock";

    /** How often the holder refreshes the lock's modification time. */
    static final Duration REFRESH = Duration.ofSeconds(30);

    /** How long a lock may go unrefreshed before another job takes it over. */
    public static final Duration STALE_AFTER = Duration.ofMinutes(5);

    /** Runs before Hadoop closes its file systems at shutdown, so the lock can still be deleted. */
    private static final int SHUTDOWN_PRIORITY = FileSystem.SHUTDOWN_HOOK_PRIORITY + 10;

    private final FileSystem fs;
    private final Path file;
    private final Path createdFolder;
    private final LockHolder holder;
    private final ScheduledExecutorService refresher;
    private final Runnable onShutdown = this::release;
    private boolean released;

    private OutputLock(FileSystem fs, Path file, Path createdFolder, LockHolder holder) {
        this.fs = fs;
        this.file = file;
        this.createdFolder = createdFolder;
        this.holder = holder;
        this.refresher =
                Executors.newSingleThreadScheduledExecutor(
                        task -> {
                            Thread thread = new Thread(task, "transcribe-output-lock");
                            thread.setDaemon(true);
                            return thread;
                        });
    }

    /**
     * Takes the lock of {@code outputUri}, creating the folder when it does not exist.
     *
     * @throws OutputWriteException naming the holder and the lock file when another job holds it,
     *     or when the lock cannot be created
     */
    public static OutputLock acquire(Configuration conf, String outputUri) throws IOException {
        return acquire(conf, outputUri, REFRESH);
    }

    static OutputLock acquire(Configuration conf, String outputUri, Duration refresh)
            throws IOException {
        Path output = new Path(outputUri);
        FileSystem fs = HadoopFiles.readerOf(conf, output);
        Path file = new Path(output, NAME);
        Path created = fs.exists(output) ? null : output;
        LockHolder holder = LockHolder.ofThisProcess(Instant.now());
        byte[] content = holder.toText().getBytes(StandardCharsets.UTF_8);
        try {
            try {
                ExclusiveFiles.create(fs, file, content);
            } catch (FileAlreadyExistsException e) {
                takeOverIfStale(fs, file, outputUri);
                try {
                    ExclusiveFiles.create(fs, file, content);
                } catch (FileAlreadyExistsException again) { // another job took it over first
                    throw held(fs, file, outputUri);
                }
            }
        } catch (IOException e) {
            throw OutputWriteException.of(outputUri, e);
        }
        OutputLock lock = new OutputLock(fs, file, created, holder);
        lock.start(refresh);
        return lock;
    }

    /**
     * Deletes a lock whose holder is gone, or refuses naming the holder. The file is read again
     * just before it is deleted, so that a lock another job has just taken over stays.
     */
    private static void takeOverIfStale(FileSystem fs, Path file, String outputUri)
            throws IOException {
        Held held;
        try {
            held = Held.read(fs, file);
        } catch (FileNotFoundException e) { // its holder ended meanwhile
            return;
        }
        String why = held.staleBecause(Instant.now(), LockHolder.thisHost());
        if (why == null) {
            throw held.refusal(outputUri, file);
        }
        try {
            if (!Held.read(fs, file).text().equals(held.text())) {
                throw held(fs, file, outputUri);
            }
        } catch (FileNotFoundException e) {
            return;
        }
        LOG.warn("Taking over {}: {}", file, why);
        fs.delete(file, false);
    }

    private static OutputWriteException held(FileSystem fs, Path file, String outputUri)
            throws IOException {
        return Held.read(fs, file).refusal(outputUri, file);
    }

    private void start(Duration refresh) {
        ShutdownHookManager.get().addShutdownHook(onShutdown, SHUTDOWN_PRIORITY);
        long millis = refresh.toMillis();
        refresher.scheduleWithFixedDelay(this::refresh, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Sets the lock's modification time to now, warning when the lock is no longer this job's. */
    private void refresh() {
        try {
            if (!isStillMine()) {
                LOG.warn(
                        "{} is no longer this job's lock: it was deleted or taken over, so another"
                                + " job may be writing to the same output",
                        file);
                refresher.shutdown();
                return;
            }
            fs.setTimes(file, System.currentTimeMillis(), -1);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot refresh {}: {}", file, e.toString());
        }
    }

    private boolean isStillMine() throws IOException {
        try {
            return LockHolder.parse(Held.read(fs, file).text()).equals(holder);
        } catch (FileNotFoundException e) {
            return false;
        }
    }

    /** Stops refreshing and deletes the lock if it is still this job's. */
    @Override
    public void close() {
        try {
            ShutdownHookManager.get().removeShutdownHook(onShutdown);
        } catch (IllegalStateException e) { // the JVM is shutting down: the hook runs anyway
        }
        release();
    }

    private synchronized void release() {
        if (released) {
            return;
        }
        released = true;
        refresher.shutdownNow();
        try {
            if (isStillMine()) {
                fs.delete(file, false);
            }
            if (createdFolder != null && fs.listStatus(createdFolder).length == 0) {
                // A run that wrote nothing leaves no folder it made only for its lock.
                fs.delete(createdFolder, false);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot delete {}: {}; delete it before the next run", file, e.toString());
        }
    }

    /** A lock file as found: its holder, as written, and when it was last refreshed. */
    private record Held(String text, Instant refreshed) {

        static Held read(FileSystem fs, Path file) throws IOException {
            FileStatus status = fs.getFileStatus(file);
            byte[] bytes;
            try (var in = fs.open(file)) {
                bytes = in.readAllBytes();
            }
            return new Held(
                    new String(bytes, StandardCharsets.UTF_8),
                    Instant.ofEpochMilli(status.getModificationTime()));
        }

        /** Why the lock's holder is surely gone, or {@code null} when it may still run. */
        String staleBecause(Instant now, String thisHost) {
            LockHolder holder = LockHolder.parse(text);
            if (holder != null && holder.endedOn(thisHost)) {
                return "its holder, " + holder.describe() + ", has ended";
            }
            Duration idle = Duration.between(refreshed, now);
            if (idle.compareTo(STALE_AFTER) > 0) {
                return "it was last refreshed "
                        + idle.toSeconds()
                        + " s ago, longer than the "
                        + STALE_AFTER.toSeconds()
                        + " s a running job lets pass";
            }
            return null;
        }

        OutputWriteException refusal(String outputUri, Path file) {
            LockHolder holder = LockHolder.parse(text);
            return OutputWriteException.of(
                    outputUri,
                    new IOException(
                            "another transcribe job is writing to it ("
                                    + (holder == null ? "holder unknown" : holder.describe())
                                    + ", lock refreshed at "
                                    + refreshed
                                    + "); wait for it to end, or if it was killed, delete "
                                    + file
                                    + " (a lock left "
                                    + STALE_AFTER.toMinutes()
                                    + " minutes unrefreshed is taken over)"));
        }
    }
}
