package org.wav2vec2spark.jobs.executor;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.TaskContext;
import org.apache.spark.TaskKilledException;
import org.wav2vec2spark.data.HadoopFiles;
import org.wav2vec2spark.data.InputFile;
import org.wav2vec2spark.data.LookAheadIterator;
import org.wav2vec2spark.data.ReadFailures;
import org.wav2vec2spark.data.Recording;
import org.wav2vec2spark.data.TarRecordings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A transcribe task's recordings: its plain files read whole, its archives streamed member by
 * member, skipping the archive members earlier runs transcribed.
 *
 * <p>An input that cannot be opened for a reason of its own (missing or not ours to read, {@link
 * ReadFailures#isPermanent}; too large for memory; not gzip; or an unchecked failure such as the
 * {@code ClassNotFoundException} Hadoop wraps when a file system's jar is missing) becomes a
 * recording that carries the error, so it is a failed row naming the file and the partition's other
 * inputs are still transcribed, as the evaluate job does. A failure of the file system while
 * reading (a connection reset, a timeout, an HDFS block no datanode served) is not the file's: it
 * is thrown as an {@link UncheckedIOException}, here or by {@link TarRecordings} in the middle of
 * an archive, so that the task fails and Spark runs it again. On the task's last try, though, such
 * a failure is a failed row too, of the file or of the archive from where reading stopped: a run of
 * many hours then ends with the rows it has, and a rerun into the same output reads the rest,
 * rather than the whole run failing over one file a file system would not give. {@link Error}s are
 * not caught, and neither is the end of a task that Spark killed: a read that failed because the
 * task was killed or its thread interrupted ends the task instead of being reported as the file's
 * fault.
 */
final class InputRecordings extends LookAheadIterator<Recording> {
    private final Iterator<InputFile> files;
    private final Configuration conf;
    private final Supplier<RecordingKeySet> skip;
    private final BooleanSupplier taskKilled;
    private final boolean lastTry;
    private TarRecordings archive;

    /** The members of the open archive read so far, to refuse a second copy of one. */
    private final Set<String> archiveMembers = new HashSet<>();

    /**
     * Reads the inputs lazily.
     *
     * @param files the partition's input files
     * @param conf the Hadoop configuration to read them with
     * @param skip keys ({@link TranscriptRows#key}) of archive members earlier runs transcribed,
     *     asked for only when an archive is opened
     * @param taskKilled whether the task was killed, such as {@link #sparkTaskKilled}
     * @param lastTry whether this is the task's last try ({@link #isSparkTasksLastTry}): a read the
     *     file system fails is then a failed row instead of the task's end
     */
    InputRecordings(
            Iterator<InputFile> files,
            Configuration conf,
            Supplier<RecordingKeySet> skip,
            BooleanSupplier taskKilled,
            boolean lastTry) {
        this.files = files;
        this.conf = conf;
        this.skip = skip;
        this.taskKilled = taskKilled;
        this.lastTry = lastTry;
    }

    /**
     * Whether this thread's Spark task is on its last try, after which Spark fails the job.
     *
     * @param tries the tries Spark gives each task ({@link TranscribeSpec#taskTries})
     */
    static boolean isSparkTasksLastTry(int tries) {
        TaskContext task = TaskContext.get();
        return task != null && task.attemptNumber() + 1 >= tries;
    }

    /** Whether Spark killed this thread's task (it marks the task before interrupting it). */
    static boolean sparkTaskKilled() {
        TaskContext task = TaskContext.get();
        return task != null && task.isInterrupted();
    }

    @Override
    protected Recording computeNext() {
        while (true) {
            if (archive != null) {
                Recording member = nextMember();
                if (member != null) {
                    return member;
                }
            }
            if (!files.hasNext()) {
                return null;
            }
            Recording plain = open(files.next());
            if (plain != null) {
                return plain;
            }
        }
    }

    /**
     * The open archive's next recording, or null once it is read and closed; the archive's failed
     * row when the file system failed on the task's last try.
     */
    private Recording nextMember() {
        try {
            if (archive.hasNext()) {
                return refusingSecondCopies(archive.next());
            }
        } catch (UncheckedIOException e) {
            String source = archive.uri();
            try {
                closeArchive();
            } catch (UncheckedIOException closing) {
                e.addSuppressed(closing); // the stream was broken already
            }
            return failedOnLastTry(source, e);
        }
        closeArchive();
        return null;
    }

    private void closeArchive() {
        try {
            archive.close();
        } finally {
            archive = null;
            archiveMembers.clear();
        }
    }

    /**
     * A failure of the file system as a failed row of the input, on the task's last try; rethrown
     * on any other, or when the task was killed, so that Spark runs the task again or ends it.
     */
    private Recording failedOnLastTry(String source, UncheckedIOException e) {
        endTaskIfKilled(source, e);
        if (!lastTry) {
            throw e;
        }
        return new Recording(
                source,
                null,
                null,
                e.getMessage()
                        + " (on the task's last try, so this is a failed row and the run goes on;"
                        + " a rerun into the same --output reads what was not transcribed)");
    }

    /**
     * The recording, or a failed one when its member was read before: an archive appended to with
     * {@code tar -r} or {@code tar -u} keeps every version of a file and tar extracts the last, but
     * a stream has read the first already. Two rows for one recording, one from a version the user
     * may have replaced, would be passed off as the archive's transcripts; the failed row says why
     * instead, as the evaluate job's archive reader does.
     */
    private Recording refusingSecondCopies(Recording recording) {
        if (recording.member() == null || archiveMembers.add(recording.member())) {
            return recording;
        }
        return new Recording(
                recording.source(),
                recording.member(),
                null,
                recording.name()
                        + " is a second member of that name (an archive appended to with tar -r or"
                        + " tar -u keeps every version, and tar extracts the last); this output"
                        + " keeps what the first copy gave, and a rerun into it skips the name:"
                        + " repack the archive so that it holds each file once, and transcribe it"
                        + " into a new --output");
    }

    /**
     * A plain file's recording, an archive's failure to open, or null after starting an archive.
     */
    private Recording open(InputFile file) {
        try {
            if (!file.isArchive()) {
                return new Recording(file.uri(), null, readPlainFile(file), null);
            }
            RecordingKeySet done = skip.get();
            archive =
                    TarRecordings.open(
                            conf,
                            file,
                            member -> !done.contains(TranscriptRows.key(file.uri(), member)));
            return null;
        } catch (UncheckedIOException e) {
            // The file system failed, not the file: the task is retried, until its last try.
            return failedOnLastTry(file.uri(), e);
        } catch (IOException | RuntimeException e) {
            endTaskIfKilled(file.uri(), e);
            return new Recording(file.uri(), null, null, FailureMessages.of(e));
        }
    }

    /**
     * A plain file's bytes; a failure of the file system that is not the file's own is thrown
     * unchecked, naming the file.
     */
    private byte[] readPlainFile(InputFile file) throws IOException {
        try {
            return HadoopFiles.readAllBytes(conf, file.uri());
        } catch (IOException e) {
            ReadFailures.rethrowIfOfTheMoment(e);
            throw e;
        }
    }

    /**
     * Rethrows a failure that is the task's end rather than the file's fault: Spark killed the
     * task, or the thread was interrupted.
     */
    private void endTaskIfKilled(String uri, Exception e) {
        // Not every InterruptedIOException: a SocketTimeoutException is one, and is the file's.
        // Nor the thread's interrupt status alone: Hadoop code can clear it on the way out.
        boolean interrupted =
                taskKilled.getAsBoolean()
                        || Thread.currentThread().isInterrupted()
                        || e instanceof TaskKilledException
                        || e instanceof ClosedByInterruptException
                        || e.getCause() instanceof ClosedByInterruptException;
        if (!interrupted) {
            return;
        }
        if (e instanceof RuntimeException unchecked) {
            throw unchecked;
        }
        throw new UncheckedIOException("Interrupted while reading " + uri, (IOException) e);
    }

    /** Closes the archive being read, if any. */
    void close() {
        if (archive != null) {
            archive.close();
        }
    }
}
