package org.wav2vec2spark.jobs.output;

import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;

/**
 * Deletes an {@link OutputLock} whose holder is gone, one job at a time: the job that takes over
 * holds {@code <lock>.takeover}, created only if absent, while it reads the lock again and deletes
 * it. Two jobs that found the same stale lock could otherwise both delete it, each after the other
 * had made its own.
 */
final class StaleLockTakeover {
    private static final Logger LOG = LoggerFactory.getLogger(StaleLockTakeover.class);

    /** The takeover file's name beside the lock. */
    static final String SUFFIX = ".takeover";

    /** How long a job that finds another one taking over waits before it looks again. */
    private static final Duration WAIT = Duration.ofMillis(200);

    private final FileSystem fs;
    private final Path lock;
    private final Duration staleAfter;

    StaleLockTakeover(FileSystem fs, Path lock, Duration staleAfter) {
        this.fs = fs;
        this.lock = lock;
        this.staleAfter = staleAfter;
    }

    /** The file a job holds while it takes the lock over. */
    Path file() {
        return lock.suffix(SUFFIX);
    }

    /**
     * Deletes the lock when its holder is gone; returns without deleting when the lock went,
     * changed, or another job is taking it over, for the caller to try creating it again.
     *
     * @throws OutputWriteException naming the holder when the lock is live
     * @throws IOException when a stale lock cannot be deleted
     */
    void deleteIfStale(String outputUri) throws IOException {
        FoundLock found = FoundLock.readIfPresent(fs, lock);
        if (found == null) {
            return;
        }
        String why = found.staleBecause(Instant.now(), staleAfter);
        if (why == null) {
            throw found.refusal(outputUri, lock, staleAfter);
        }
        Path takeover = file();
        try {
            ExclusiveFiles.create(fs, takeover, new byte[0]);
        } catch (FileAlreadyExistsException e) {
            clearLeftBehind(takeover);
            pause();
            return;
        }
        try {
            if (!found.equals(FoundLock.readIfPresent(fs, lock))) {
                return;
            }
            if (!fs.delete(lock, false) && fs.exists(lock)) {
                throw new IOException("cannot delete the stale lock " + lock + " (" + why + ")");
            }
            LOG.warn("Took over {}: {}", lock, why);
        } finally {
            fs.delete(takeover, false);
        }
    }

    /**
     * Deletes a takeover file left by a job that died while taking over: one as old as a stale
     * lock, since taking over takes milliseconds.
     */
    private void clearLeftBehind(Path takeover) throws IOException {
        try {
            long age =
                    System.currentTimeMillis() - fs.getFileStatus(takeover).getModificationTime();
            if (age > staleAfter.toMillis()) {
                LOG.warn(
                        "Deleting {}, left {} s ago by a job that did not finish",
                        takeover,
                        age / 1000);
                fs.delete(takeover, false);
            }
        } catch (FileNotFoundException e) { // the other job has finished taking over
        }
    }

    private static void pause() throws InterruptedIOException {
        try {
            Thread.sleep(WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while another job took over the lock");
        }
    }
}
