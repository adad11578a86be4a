package org.wav2vec2spark.jobs.output;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.wav2vec2spark.data.HadoopFiles;
import org.wav2vec2spark.nightly.HistoryRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The nightly history file: one {@link HistoryRecord} per line, oldest first, on any Hadoop file
 * system. Appending rewrites the whole file through a temporary file and a rename, so a reader (or
 * a crash) never sees half a line; the history grows by a few hundred bytes a night, so rewriting
 * it stays cheap. An append holds a lock file, so a second one at the same moment is refused. A
 * history that is missing while an append's temporary file is there is refused, not started anew.
 */
public final class RunHistory {

    /** Appended to the history's name for the file an append holds while it runs. */
    private static final String LOCK_SUFFIX = ".lock";

    private RunHistory() {}

    /**
     * Every record in the file, oldest first; empty when the file does not exist yet.
     *
     * @throws IOException when the file cannot be read, or a line is not a record (naming {@code
     *     uri:line})
     */
    public static List<HistoryRecord> read(Configuration conf, String uri) throws IOException {
        if (!exists(conf, uri)) {
            requireNoInterruptedAppend(conf, uri);
            return List.of();
        }
        List<String> lines = HadoopFiles.readUtf8Lines(conf, uri);
        List<HistoryRecord> records = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                records.add(HistoryRecord.fromJsonLine(lines.get(i), uri + ":" + (i + 1)));
            } catch (IllegalArgumentException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        return records;
    }

    /**
     * Checks, before a night's evaluation, what would otherwise stop the night only after it: the
     * history's records are read ({@link #read}), and the deepest part of its path that exists is a
     * folder, where the history and its lock can be created.
     *
     * @throws IOException naming the history and what is wrong with it
     */
    public static void checkBeforeRun(Configuration conf, String uri) throws IOException {
        read(conf, uri);
        FileSystem fs = HadoopFiles.plainFileSystem(conf, new Path(uri));
        Path lock = lockOf(uri);
        if (fs.exists(lock)) {
            throw new IOException(
                    anotherJobAppends(uri, lock)
                            + ", so this night could not be recorded; if no other job is"
                            + " running, a killed one left that file: delete it and run again");
        }
        FileStatus nearest = HadoopFiles.nearestExistingAncestor(fs, new Path(uri));
        if (nearest != null && !nearest.isDirectory()) {
            throw new IOException(
                    "The history "
                            + uri
                            + " cannot be created: "
                            + nearest.getPath()
                            + " is a file, not a folder");
        }
    }

    /** What is written while a history's lock is held, before the record is appended. */
    @FunctionalInterface
    public interface BeforeAppend {
        /** Writes it; a failure leaves the history as it was. */
        void write() throws IOException;
    }

    /**
     * Appends a record, creating the file (and its folder) on the first night. While it reads and
     * rewrites the file it holds {@code <history>.lock}, created only if absent, so that a second
     * nightly job appending at the same moment is refused instead of writing the history without
     * the first one's record.
     *
     * @throws IOException when the file cannot be written, or another job holds the lock
     */
    public static void append(Configuration conf, String uri, HistoryRecord record)
            throws IOException {
        append(conf, uri, record, () -> {});
    }

    /**
     * {@link #append}, first writing what goes with the record once the lock is held: the nightly
     * report that states the record's verdict, which must not say a night passed that another job's
     * lock then kept out of the history, nor be missing from a night that was recorded.
     *
     * @param beforeAppend written after the lock is taken; when it fails, nothing is appended
     * @throws IOException when the file cannot be written, or another job holds the lock; its
     *     message says how to record the run without evaluating it again
     */
    public static void append(
            Configuration conf, String uri, HistoryRecord record, BeforeAppend beforeAppend)
            throws IOException {
        Path lock = lockOf(uri);
        FileSystem fs = HadoopFiles.plainFileSystem(conf, lock);
        try {
            ExclusiveFiles.create(
                    fs,
                    lock,
                    ("appending " + record.runTime() + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (FileAlreadyExistsException e) {
            throw new IOException(
                    anotherJobAppends(uri, lock)
                            + ", so this run is not recorded; if no other job is running,"
                            + " a killed one left that file: delete it, then record the run"
                            + " without evaluating it again with --history "
                            + uri
                            + " --run "
                            + record.outputUri(),
                    e);
        }
        try {
            beforeAppend.write();
            appendLocked(conf, uri, record);
        } finally {
            fs.delete(lock, false);
        }
    }

    /** How the refusals start when a history's lock exists. */
    private static String anotherJobAppends(String uri, Path lock) {
        return "Another nightly job is appending to " + uri + " right now (" + lock + " exists)";
    }

    /** {@code <history>.lock}, beside the history (not inside it, as a trailing slash made it). */
    private static Path lockOf(String uri) {
        Path history = new Path(uri); // a trailing slash dropped
        if (history.getParent() == null) {
            throw new IllegalArgumentException(
                    "The history " + uri + " is the root of its file system; give a file below it");
        }
        return HadoopFiles.child(history.getParent(), history.getName() + LOCK_SUFFIX);
    }

    private static void appendLocked(Configuration conf, String uri, HistoryRecord record)
            throws IOException {
        byte[] old;
        if (exists(conf, uri)) {
            old = HadoopFiles.readAllBytes(conf, uri);
        } else {
            requireNoInterruptedAppend(conf, uri);
            old = new byte[0];
        }
        StringBuilder text = new StringBuilder(new String(old, StandardCharsets.UTF_8));
        if (text.length() > 0 && text.charAt(text.length() - 1) != '\n') {
            text.append('\n');
        }
        text.append(record.toJsonLine()).append('\n');
        HadoopFiles.writeAtomically(conf, uri, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The latest record that {@code today} can be compared with: same data fingerprint and splits,
     * and not itself reported as a regression (so a regression stays reported until it is fixed or
     * accepted with {@code --accept}).
     *
     * @return the record, or {@code null} when there is none
     */
    public static HistoryRecord latestComparable(List<HistoryRecord> records, HistoryRecord today) {
        for (int i = records.size() - 1; i >= 0; i--) {
            HistoryRecord record = records.get(i);
            if (!record.regressed() && record.comparableTo(today)) {
                return record;
            }
        }
        return null;
    }

    /**
     * A missing history next to the temporary file of an append means that append was cut off
     * between removing the old file and renaming the new one, or is in that moment in another
     * nightly job. Starting a new history there would lose every earlier record.
     */
    private static void requireNoInterruptedAppend(Configuration conf, String uri)
            throws IOException {
        Path history = new Path(uri);
        FileSystem fs = HadoopFiles.plainFileSystem(conf, history);
        Path folder = history.getParent();
        if (folder == null || !fs.exists(folder)) {
            return;
        }
        FileStatus[] left =
                fs.listStatus(
                        folder, p -> HadoopFiles.isTemporaryOf(p.getName(), history.getName()));
        if (left.length > 0) {
            throw new IOException(
                    "The history "
                            + uri
                            + " does not exist, but "
                            + left[0].getPath()
                            + " does: an append that was interrupted (or is running right now in"
                            + " another nightly job) left it with the whole history it was"
                            + " writing. Nothing is recorded; if no other nightly job is running,"
                            + " rename it to "
                            + uri
                            + " and run again");
        }
    }

    /**
     * Whether the history file exists.
     *
     * @throws IOException when a folder is there: the history is one file of JSON lines
     */
    private static boolean exists(Configuration conf, String uri) throws IOException {
        Path path = new Path(uri);
        FileSystem fs = HadoopFiles.plainFileSystem(conf, path);
        if (!fs.exists(path)) {
            return false;
        }
        if (fs.getFileStatus(path).isDirectory()) {
            throw new IOException(
                    "The history "
                            + uri
                            + " is a folder; give the history file, one JSON line per night, such"
                            + " as "
                            + new Path(path, "history.jsonl"));
        }
        return true;
    }
}
