package org.wav2vec2spark.jobs.output;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.util.ShutdownHookManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wav2vec2spark.data.HadoopFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a second job out of an output folder while one writes to it. Two transcribe jobs on one
 * folder would each take the other's unfinished run for a crashed one and delete it ({@link
 * OutputRuns#scan}), and transcribe the same recordings twice; a second evaluate job would take the
 * first one's unfinished folder for a failed run's and replace it ({@link ExistingOutput}), and the
 * two would write their results into one table.
 *
 * <p>The lock is a file created only if absent and naming its holder ({@link LockHolder}): {@code
 * <output>/_transcribe.lock} for transcribe, whose readers and Spark pass over names that start
 * with {@code _}; {@code .<output name>.lock} beside an evaluate run's folder, which the run may
 * move aside whole ({@link OutputReplacement}). The holder refreshes the file's modification time
 * while it runs, and deletes the file when it ends, on a JVM shutdown too (Ctrl-C, a scheduler's
 * SIGTERM). A job killed outright leaves the file behind, and the next job takes it over ({@link
 * StaleLockTakeover}) when the holder's process is known to be gone ({@link LockHolder#endedIn}),
 * or when the file has not been refreshed for {@link #STALE_AFTER}. A holder that finds its lock
 * taken over stops before it commits ({@link #requireHeld}).
 *
 * <p>The lock relies on the file system's create-if-absent being atomic, as it is on HDFS and local
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

    /** How many times a job tries to create the lock when it comes free between its tries. */
    private static final int ATTEMPTS = 5;

    /**
     * Runs before Hadoop closes its file systems at shutdown, so the lock can still be deleted, and
     * after an evaluate run's earlier output is put back ({@link OutputReplacement}), so that no
     * job takes the lock while the folder is half restored.
     */
    private static final int SHUTDOWN_PRIORITY = FileSystem.SHUTDOWN_HOOK_PRIORITY + 5;

    private final FileSystem fs;
    private final Path file;
    private final Path highestCreated;
    private final LockHolder holder;
    private final ScheduledExecutorService refresher;
    private final Runnable onShutdown = this::release;

    /** Held while the lock file is read or written by this job, so no read sees a rewrite. */
    private final Object io = new Object();

    private volatile boolean released;

    private OutputLock(FileSystem fs, Path file, Path highestCreated, LockHolder holder) {
        this.fs = fs;
        this.file = file;
        this.highestCreated = highestCreated;
        this.holder = holder;
        this.refresher =
                Executors.newSingleThreadScheduledExecutor(
                        task -> {
                            Thread thread = new Thread(task, "output-lock");
                            thread.setDaemon(true);
                            return thread;
                        });
    }

    /**
     * Takes the lock of a transcribe output, {@code <output>/_transcribe.lock}, creating the folder
     * when it does not exist.
     *
     * @throws OutputWriteException naming the holder and the lock file when another job holds it,
     *     or when the lock cannot be created
     */
    public static OutputLock acquire(Configuration conf, String outputUri) throws IOException {
        return acquire(conf, outputUri, REFRESH);
    }

    static OutputLock acquire(Configuration conf, String outputUri, Duration refresh)
            throws IOException {
        return acquire(conf, outputUri, new Path(new Path(outputUri), NAME), refresh);
    }

    /**
     * Takes the lock of an output folder that a run replaces whole (an evaluate run's), which
     * therefore cannot hold its own lock: the hidden file {@code .<name>.lock} beside it, creating
     * the parent folder when it does not exist.
     *
     * @throws IllegalArgumentException when the output has no parent folder (a bucket's root)
     * @throws OutputWriteException naming the holder and the lock file when another job holds it,
     *     or when the lock cannot be created
     */
    public static OutputLock acquireBeside(Configuration conf, String outputUri)
            throws IOException {
        Path output = HadoopFiles.absoluteFolder(conf, new Path(outputUri));
        return acquire(conf, outputUri, besideLock(outputUri, output), REFRESH);
    }

    /**
     * The lock file {@link #acquireBeside} takes for an output folder.
     *
     * @param outputUri the folder as given, for the message
     * @param output the folder, as {@link HadoopFiles#absoluteFolder} gives it
     */
    static Path besideLock(String outputUri, Path output) {
        if (output.getParent() == null) {
            throw new IllegalArgumentException(
                    "--output "
                            + outputUri
                            + " is the root of its file system; give a folder below it, beside"
                            + " which the run's lock can be written");
        }
        return HadoopFiles.child(output.getParent(), "." + output.getName() + ".lock");
    }

    private static OutputLock acquire(
            Configuration conf, String outputUri, Path file, Duration refresh) throws IOException {
        FileSystem fs = HadoopFiles.plainFileSystem(conf, file);
        LockHolder holder = LockHolder.ofThisProcess(Instant.now());
        OutputLock lock;
        try {
            Path highestCreated = highestMissing(fs, fs.makeQualified(file.getParent()));
            create(fs, file, holder, outputUri);
            lock = new OutputLock(fs, file, highestCreated, holder);
        } catch (IOException e) {
            throw OutputWriteException.of(outputUri, e);
        }
        try {
            lock.start(refresh);
        } catch (RuntimeException e) { // the JVM began shutting down: no hook can be added
            lock.release();
            throw e;
        }
        return lock;
    }

    private static void create(FileSystem fs, Path file, LockHolder holder, String outputUri)
            throws IOException {
        byte[] content = holder.toText().getBytes(StandardCharsets.UTF_8);
        StaleLockTakeover takeover = new StaleLockTakeover(fs, file, STALE_AFTER);
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                ExclusiveFiles.create(fs, file, content);
                return;
            } catch (FileAlreadyExistsException e) {
                takeover.deleteIfStale(outputUri);
            }
        }
        // Other jobs took the lock each time it came free, or it cannot be taken over.
        FoundLock found = FoundLock.readIfPresent(fs, file);
        if (found == null) {
            throw new IOException(
                    file + " exists but cannot be read as a file; delete it if no job is running");
        }
        String why = found.staleBecause(Instant.now(), STALE_AFTER);
        if (why != null) {
            throw new IOException(
                    "the lock "
                            + file
                            + " is stale ("
                            + why
                            + "), but "
                            + takeover.file()
                            + " is in the way: another job is taking the lock over, or one that"
                            + " died doing so left it; delete it if no job is running");
        }
        throw found.refusal(outputUri, file, STALE_AFTER);
    }

    /**
     * Refuses, before a job starts its Spark session, an output whose lock another job holds: the
     * same refusal {@link #acquire} would give a few seconds later.
     *
     * @throws OutputWriteException naming the holder and the lock file, or when the lock cannot be
     *     read
     */
    public static void requireFree(Configuration conf, String outputUri) throws IOException {
        Path file = new Path(new Path(outputUri), NAME);
        FoundLock found;
        try {
            found = FoundLock.readIfPresent(HadoopFiles.plainFileSystem(conf, file), file);
        } catch (IOException e) {
            throw OutputWriteException.of(outputUri, e);
        }
        if (found != null && found.staleBecause(Instant.now(), STALE_AFTER) == null) {
            throw found.refusal(outputUri, file, STALE_AFTER);
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
     * Refuses to go on when the lock is no longer this job's: deleted by hand, or taken over by a
     * job that judged it stale. Call before writing output and before reporting it written.
     *
     * @throws OutputWriteException saying so, naming the lock, or when the lock cannot be read
     */
    public void requireHeld(String outputUri) throws IOException {
        boolean mine;
        synchronized (io) { // not while a refresh rewrites the lock
            try {
                mine = isStillMine();
            } catch (IOException e) {
                throw OutputWriteException.of(outputUri, e);
            }
        }
        if (!mine) {
            throw OutputWriteException.of(
                    outputUri,
                    new IOException(
                            file
                                    + " is no longer this job's lock (deleted, or taken over by"
                                    + " another job), so this run is not reported as written"));
        }
    }

    private void start(Duration refresh) {
        ShutdownHookManager.get().addShutdownHook(onShutdown, SHUTDOWN_PRIORITY);
        long millis = refresh.toMillis();
        refresher.scheduleWithFixedDelay(this::refresh, millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Sets the lock's modification time to now, or notes that the lock was lost. A file system
     * whose {@code setTimes} does nothing (Hadoop's default, which object stores keep) gets the
     * lock written again instead.
     */
    private void refresh() {
        synchronized (io) {
            refreshHeld();
        }
    }

    private void refreshHeld() {
        if (released) {
            return;
        }
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
        refresher.shutdown();
        try {
            // A refresh under way could write the lock again after it is deleted.
            refresher.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
            if (!deleteIfEmpty(folder) || folder.equals(highestCreated)) {
                return;
            }
        }
    }

    /**
     * Deletes an empty folder in one step that fails when it is not empty: HDFS's non-recursive
     * delete is one; Hadoop's local one lists and then deletes, which could take with it a lock
     * another job has just created, so a local folder is removed by the JDK (rmdir).
     */
    private boolean deleteIfEmpty(Path folder) throws IOException {
        boolean local = fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem;
        if (local && "file".equals(folder.toUri().getScheme())) {
            try {
                Files.delete(Paths.get(folder.toUri()));
                return true;
            } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                return false;
            }
        }
        try {
            return fs.delete(folder, false);
        } catch (IOException e) { // not empty: HDFS says PathIsNotEmptyDirectoryException
            return false;
        }
    }
}
