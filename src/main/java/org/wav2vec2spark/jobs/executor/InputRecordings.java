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
 * an archive, so that the task fails and Spark runs it again. {@link Error}s are not caught, and
 * neither is the end of a task that Spark killed: a read that failed because the task was killed or
 * its thread interrupted ends the task instead of being reported as the file's fault.
 */
final class InputRecordings extends LookAheadIterator<Recording> {
    private final Iterator<InputFile> files;
    private final Configuration conf;
    private final Supplier<Set<String>> skip;
    private final BooleanSupplier taskKilled;
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
     */
    InputRecordings(
            Iterator<InputFile> files,
            Configuration conf,
            Supplier<Set<String>> skip,
            BooleanSupplier taskKilled) {
        this.files = files;
        this.conf = conf;
        this.skip = skip;
        this.taskKilled = taskKilled;
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
                if (archive.hasNext()) {
                    return refusingSecondCopies(archive.next());
                }
                archive.close();
                archive = null;
                archiveMembers.clear();
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
            Set<String> done = skip.get();
            archive =
                    TarRecordings.open(
                            conf,
                            file,
                            member -> !done.contains(TranscriptRows.key(file.uri(), member)));
            return null;
        } catch (UncheckedIOException e) {
            throw e; // the file system failed: the task is retried, the file is not at fault
        } catch (IOException | RuntimeException e) {
            endTaskIfKilled(file, e);
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
    private void endTaskIfKilled(InputFile file, Exception e) {
        // Not every InterruptedIOException: a SocketTimeoutException is one, and is the file's.
        // Nor the thread's interrupt status alone: Hadoop code can clear it on the way out.
        boolean interrupted =
                taskKilled.getAsBoolean()
                        || Thread.currentThread().isInterrupted()
                        || e instanceof TaskKilledException
                        || e instanceof ClosedByInterruptException;
        if (!interrupted) {
            return;
        }
        if (e instanceof RuntimeException unchecked) {
            throw unchecked;
        }
        throw new UncheckedIOException("Interrupted while reading " + file.uri(), (IOException) e);
    }

    /** Closes the archive being read, if any. */
    void close() {
        if (archive != null) {
            archive.close();
        }
    }
}
