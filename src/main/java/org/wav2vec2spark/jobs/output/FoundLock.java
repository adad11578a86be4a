package org.wav2vec2spark.jobs.output;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * An {@link OutputLock} file as another job finds it: its text (a {@link LockHolder}, unless cut
 * short or written by hand) and when its holder last refreshed it.
 *
 * @param text the file's text
 * @param refreshed the file's modification time
 */
record FoundLock(String text, Instant refreshed) {

    /**
     * The lock, or {@code null} when there is none (its holder has just ended). The text is read
     * before the time: a lock replaced between the two reads pairs an old text with a new time,
     * which is never stale, where the other order could pair a new lock's text with a stale one's
     * time and have the new lock deleted.
     */
    static FoundLock readIfPresent(FileSystem fs, Path file) throws IOException {
        try {
            byte[] bytes;
            try (var in = fs.open(file)) {
                bytes = in.readAllBytes();
            }
            FileStatus status = fs.getFileStatus(file);
            return new FoundLock(
                    new String(bytes, StandardCharsets.UTF_8),
                    Instant.ofEpochMilli(status.getModificationTime()));
        } catch (FileNotFoundException e) {
            return null;
        }
    }

    /**
     * Why the lock's holder is surely gone, or {@code null} when it may still run: a holder known
     * to run keeps its lock however long it has not refreshed it (a driver stopped with Ctrl-Z, a
     * paused machine), and a lock refreshed in the future (a holder whose clock is ahead) is not
     * stale.
     */
    String staleBecause(Instant now, Duration staleAfter) {
        LockHolder holder = LockHolder.parse(text);
        LockHolder.Liveness liveness =
                holder == null
                        ? LockHolder.Liveness.UNKNOWN
                        : holder.livenessIn(LockHolder.thisProcessTable());
        if (liveness == LockHolder.Liveness.RUNNING) {
            return null;
        }
        if (liveness == LockHolder.Liveness.ENDED) {
            return "its holder, " + holder.describe() + ", has ended";
        }
        Duration idle = Duration.between(refreshed, now);
        if (idle.compareTo(staleAfter) > 0) {
            return "it was last refreshed "
                    + idle.toSeconds()
                    + " s ago, longer than the "
                    + staleAfter.toSeconds()
                    + " s a running job lets pass";
        }
        return null;
    }

    /** The refusal of a job that found this lock live, naming its holder and how to go on. */
    OutputWriteException refusal(String outputUri, Path file, Duration staleAfter) {
        LockHolder holder = LockHolder.parse(text);
        String who = holder == null ? "holder unknown" : holder.describe();
        String then;
        if (holder != null && holder.runsIn(LockHolder.thisProcessTable())) {
            then = "wait for it to end";
        } else {
            then =
                    "wait for it to end, or if it was killed, delete "
                            + file
                            + " (a lock left "
                            + staleAfter.toMinutes()
                            + " minutes unrefreshed is taken over)";
        }
        return OutputWriteException.of(
                outputUri,
                new IOException(
                        "another job is writing to it ("
                                + who
                                + ", lock refreshed at "
                                + refreshed
                                + "); "
                                + then));
    }
}
