package org.wav2vec2spark.jobs.output;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
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
import java.io.InterruptedIOException;
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
 * file behind, and the next job takes it over when the holder's process is known to be gone ({@link
 * LockHolder#endedIn}), or when the file has not been refreshed for {@link #STALE_AFTER}.
 *
 * <p>Taking over is itself exclusive: the job that takes over holds {@code
 * _transcribe.lock.takeover} while it reads the stale lock again and deletes it, so that two jobs
 * finding the same stale lock cannot both delete it and each delete the lock the other then made.
 * The lock relies on the file system's create-if-absent being atomic, as it is on HDFS and local
 * disks; on an object store without it, it only narrows the window.
 */
public final class OutputLock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutputLock.class);

    /** The lock's name in the output folder. */
    public static final String NAME = "_transcribe.lock";

    /** How long a lock may go unrefreshed before another job takes it over. */
    public static final Duration STALE_AFTER = Duration.ofMinutes(5);

    /** How often the holder refreshes the lock's modification time. */
    static final Duration REFRESH = Duration.ofSeconds(30);

    /** The file held while a stale lock is taken over. */
    static final String TAKEOVER_NAME = NAME + ".takeover";

    /** A takeover file this old was left by a job that died taking over. */
    static final Duration TAKEOVER_STALE_AFTER = Duration.ofMinutes(1);

    /** How many times a job tries to create the lock when it comes free between its tries. */
    private static final int ATTEMPTS = 5;

    private static final Duration TAKEOVER_WAIT = Duration.ofMillis(200);

    /** Runs before Hadoop closes its file systems at shutdown, so the lock can still be deleted. */
    private static final int SHUTDOWN_PRIORITY = FileSystem.SHUTDOWN_HOOK_PRIORITY + 10;

    private final FileSystem fs;
    private final Path file;
    private final Path highestCreated;
    private final LockHolder holder;
    private final ScheduledExecutorService refresher;
    private final Runnable onShutdown = this::release;
    private boolean released;

    private OutputLock(FileSystem fs, Path file, Path highestCreated, LockHolder holder) {
        this.fs = fs;
        this.file = file;
        this.highestCreated = highestCreated;
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
        LockHolder holder = LockHolder.ofThisProcess(Instant.now());
        try {
            Path highestCreated = highestMissing(fs, fs.makeQualified(output));
            byte[] content = holder.toText().getBytes(StandardCharsets.UTF_8);
            for (int attempt = 1; ; attempt++) {
                try {
                    ExclusiveFiles.create(fs, file, content);
                    break;
                } catch (FileAlreadyExistsException e) {
                    if (attempt == ATTEMPTS) { // other jobs took it each time it came free
                        throw FoundLock.read(fs, file).refusal(outputUri, file);
                    }
                    takeOverIfStale(fs, file, outputUri);
                }
            }
            OutputLock lock = new OutputLock(fs, file, highestCreated, holder);
            lock.start(refresh);
            return lock;
        } catch (IOException e) {
            throw OutputWriteException.of(outputUri, e);
        }
    }

    /** The highest folder of {@code folder}'s path that does not exist yet, or {@code null}. */
    private static Path highestMissing(FileSystem fs, Path folder) throws IOException {
        Path highest = null;
        for (Path path = folder; path != null && !fs.exists(path); path = path.getParent()) {
            highest = path;
        }
        return highest;
    }

    /**
     * Deletes a lock whose holder is gone, holding the takeover file while it reads the lock again
     * and deletes it; refuses naming the holder when the lock is live. Returns without deleting
     * when the lock went, changed, or another job is taking it over: the caller tries again.
     */
    private static void takeOverIfStale(FileSystem fs, Path file, String outputUri)
            throws IOException {
        FoundLock found = FoundLock.readIfPresent(fs, file);
        if (found == null) {
            return;
        }
        String why = found.staleBecause(Instant.now());
        if (why == null) {
            throw found.refusal(outputUri, file);
        }
        Path takeover = new Path(file.getParent(), TAKEOVER_NAME);
        try {
            ExclusiveFiles.create(fs, takeover, new byte[0]);
        } catch (FileAlreadyExistsException e) {
            clearStaleTakeover(fs, takeover);
            pause();
            return;
        }
        try {
            FoundLock again = FoundLock.readIfPresent(fs, file);
            if (!found.equals(again)) {
                return;
            }
            if (!fs.delete(file, false) && fs.exists(file)) {
                throw new IOException("cannot delete the stale lock " + file + " (" + why + ")");
            }
            LOG.warn("Took over {}: {}", file, why);
        } finally {
            fs.delete(takeover, false);
        }
    }

    /** Deletes a takeover file left by a job that died while taking over. */
    private static void clearStaleTakeover(FileSystem fs, Path takeover) throws IOException {
        try {
            long age =
                    System.currentTimeMillis() - fs.getFileStatus(takeover).getModificationTime();
            if (age > TAKEOVER_STALE_AFTER.toMillis()) {
                LOG.warn("Deleting {}, left {} s ago by a job that did not finish", takeover, age);
                fs.delete(takeover, false);
            }
        } catch (FileNotFoundException e) { // the other job finished its takeover
        }
    }

    private static void pause() throws InterruptedIOException {
        try {
            Thread.sleep(TAKEOVER_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while another job took over the lock");
        }
    }

    private void start(Duration refresh) {
        ShutdownHookManager.get().addShutdownHook(onShutdown, SHUTDOWN_PRIORITY);
        long millis = refresh.toMillis();
        refresher.scheduleWithFixedDelay(this::refresh, millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Sets the lock's modification time to now, warning when the lock is no longer this job's. A
     * file system whose {@code setTimes} does nothing (Hadoop's default, which object stores keep)
     * gets the lock written again instead.
     */
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
            long before = fs.getFileStatus(file).getModificationTime();
            fs.setTimes(file, System.currentTimeMillis(), -1);
            if (fs.getFileStatus(file).getModificationTime() == before) {
                try (FSDataOutputStream out = fs.create(file, true)) {
                    out.write(holder.toText().getBytes(StandardCharsets.UTF_8));
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot refresh {}: {}", file, e.toString());
        }
    }

    private boolean isStillMine() throws IOException {
        FoundLock found = FoundLock.readIfPresent(fs, file);
        return found != null && holder.equals(LockHolder.parse(found.text()));
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
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot delete {}: {}; delete it before the next run", file, e.toString());
        }
        try {
            removeFoldersMadeForTheLock();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot remove the empty folders made for {}: {}", file, e.toString());
        }
    }

    /** A run that wrote nothing leaves no folder that was made only for its lock. */
    private void removeFoldersMadeForTheLock() throws IOException {
        if (highestCreated == null) {
            return;
        }
        Path lockFolder = fs.makeQualified(file).getParent();
        for (Path folder = lockFolder; folder != null; folder = folder.getParent()) {
            if (!fs.exists(folder) || fs.listStatus(folder).length > 0) {
                return;
            }
            fs.delete(folder, false);
            if (folder.equals(highestCreated)) {
                return;
            }
        }
    }

    /** A lock file as found: its holder, as written, and when it was last refreshed. */
    private record FoundLock(String text, Instant refreshed) {

        /**
         * Reads the text, then the time: a lock replaced between the two reads pairs an old text
         * with a new time, which is never stale, where the other order could pair a new lock's text
         * with a stale one's time and have it deleted.
         */
        static FoundLock read(FileSystem fs, Path file) throws IOException {
            byte[] bytes;
            try (var in = fs.open(file)) {
                bytes = in.readAllBytes();
            }
            FileStatus status = fs.getFileStatus(file);
            return new FoundLock(
                    new String(bytes, StandardCharsets.UTF_8),
                    Instant.ofEpochMilli(status.getModificationTime()));
        }

        /** The lock, or {@code null} when there is none (its holder has just ended). */
        static FoundLock readIfPresent(FileSystem fs, Path file) throws IOException {
            try {
                return read(fs, file);
            } catch (FileNotFoundException e) {
                return null;
            }
        }

        /**
         * Why the lock's holder is surely gone, or {@code null} when it may still run. A lock
         * refreshed in the future (a holder whose clock is ahead) is not stale.
         */
        String staleBecause(Instant now) {
            LockHolder holder = LockHolder.parse(text);
            if (holder != null && holder.endedIn(LockHolder.thisProcessTable())) {
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
            boolean running = holder != null && holder.runsIn(LockHolder.thisProcessTable());
            return OutputWriteException.of(
                    outputUri,
                    new IOException(
                            "another transcribe job is writing to it ("
                                    + (holder == null ? "holder unknown" : holder.describe())
                                    + ", lock refreshed at "
                                    + refreshed
                                    + "); wait for it to end"
                                    + (running
                                            ? ""
                                            : ", or if it was killed, delete "
                                                    + file
                                                    + " (a lock left "
                                                    + STALE_AFTER.toMinutes()
                                                    + " minutes unrefreshed is taken over)")));
        }
    }
}
