package org.wav2vec2spark.data;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * The recordings inside a tar or tar.gz archive, read as one stream from any Hadoop file system
 * without unpacking to disk; only the current member's bytes are in memory.
 *
 * <p>Members that are not audio are passed over, and so are hidden ones ({@link
 * InputKind#isHiddenMember}: macOS's {@code ._name} files), as folder listings pass them over. A
 * selected member that is a symbolic or hard link is a {@link Recording} with an error naming its
 * target, and so is one too large for memory ({@link HadoopFiles#MAX_ARRAY_BYTES}, as for a plain
 * file) naming its size; reading goes on. A damaged or truncated archive does not fail the task:
 * reading stops and one last {@link Recording} of the archive (no member) is returned, with an
 * error naming the archive, the member count so far, the last member read, the byte where reading
 * stopped and the cause, so the job's output counts it.
 *
 * <p>Damage is whatever the gzip and tar decoders, or the end-of-archive check, reject in the bytes
 * the file system gave: the same bytes would be rejected on every try. A failure of the file system
 * itself (a connection reset, a timeout, an HDFS block no datanode served) is not damage, whatever
 * its exception type: it is thrown as an {@link UncheckedIOException} naming the archive, so that
 * the task fails and Spark runs it again instead of the archive's remaining members being lost.
 */
public final class TarRecordings extends LookAheadIterator<Recording> implements AutoCloseable {

    private final String archiveUri;
    private final SourceStream source;
    private final CountingInputStream archiveBytes;
    private final TarArchiveInputStream tar;
    private final Predicate<String> selected;

    /** The largest member read into memory; larger ones are passed over with an error. */
    private final long maxMemberBytes;

    private boolean finished;
    private boolean damaged;
    private long members;

    /** The last member whose header was read, named when the archive breaks. */
    private String member;

    /** Where the last member's data, padded to whole records, ends in the tar stream. */
    private long endOfLastMember;

    private TarRecordings(
            String archiveUri,
            SourceStream source,
            CountingInputStream archiveBytes,
            Predicate<String> selected,
            long maxMemberBytes) {
        this.archiveUri = archiveUri;
        this.source = source;
        this.archiveBytes = archiveBytes;
        // Member names as UTF-8, as GNU tar writes them under today's locales: with the JVM's
        // default charset a C locale (cron, a bare container) read "café.flac" as damage and
        // stopped the archive there, and the resume keys changed with the executor's locale.
        // Blocks of one record: with tar's default of 20, the reader skips unread to the end of
        // the block holding the end-of-archive records, and an archive joined after a writer's
        // shorter last block (tar -b1, Go's archive/tar) would start inside the skipped bytes.
        this.tar =
                new TarArchiveInputStream(
                        archiveBytes,
                        TarConstants.DEFAULT_RCDSIZE,
                        TarConstants.DEFAULT_RCDSIZE,
                        StandardCharsets.UTF_8.name());
        this.selected = selected;
        this.maxMemberBytes = maxMemberBytes;
    }

    /**
     * Opens an archive.
     *
     * @param conf the Hadoop configuration
     * @param archive the archive; {@link InputKind#TAR_GZ} is decompressed on the fly
     * @param wanted which audio members to read (by member path); others are skipped unread
     * @return the recordings, lazily; close it when done; reading them throws an {@link
     *     UncheckedIOException} when the file system fails
     * @throws IOException when the archive cannot be opened: it is missing or not ours to read
     *     ({@link ReadFailures#isPermanent}), or a tar.gz does not start as gzip
     * @throws UncheckedIOException when the file system failed while opening it
     */
    public static TarRecordings open(
            Configuration conf, InputFile archive, Predicate<String> wanted) throws IOException {
        return openMembers(
                conf,
                archive,
                member ->
                        InputKind.isAudio(member)
                                && !InputKind.isHiddenMember(member)
                                && wanted.test(member));
    }

    /**
     * Opens an archive to read any kind of member, e.g. the {@code .trans.txt} transcripts of a
     * LibriSpeech archive; damage is reported as by {@link #open}.
     *
     * @param conf the Hadoop configuration
     * @param archive the archive; {@link InputKind#TAR_GZ} is decompressed on the fly
     * @param selected which file members to read (by member path); others are skipped unread
     * @return the selected members as recordings, lazily; close it when done
     * @throws IOException when the archive cannot be opened, as for {@link #open}
     * @throws UncheckedIOException when the file system failed while opening it
     */
    public static TarRecordings openMembers(
            Configuration conf, InputFile archive, Predicate<String> selected) throws IOException {
        return openMembers(conf, archive, selected, HadoopFiles.MAX_ARRAY_BYTES);
    }

    /** {@link #openMembers}, reading into memory only members of up to {@code maxMemberBytes}. */
    static TarRecordings openMembers(
            Configuration conf, InputFile archive, Predicate<String> selected, long maxMemberBytes)
            throws IOException {
        Path path = new Path(archive.uri());
        SourceStream source;
        try {
            source = new SourceStream(HadoopFiles.plainFileSystem(conf, path).open(path));
        } catch (IOException e) {
            if (ReadFailures.isPermanent(e)) {
                throw cannotOpen(archive.uri(), e);
            }
            throw cannotRead(archive.uri(), "", e);
        }
        InputStream in = new BufferedInputStream(source, 1 << 16);
        try {
            // The JDK's reader decompresses as gzip does: concatenated members (bgzip, gzipped
            // pieces joined with cat) are one stream, and padding after the last member is ignored.
            // commons-compress's stops after the first member unless told otherwise, and then
            // fails on padding.
            InputStream decompressed =
                    archive.kind() == InputKind.TAR_GZ ? new GZIPInputStream(in, 1 << 16) : in;
            return new TarRecordings(
                    archive.uri(),
                    source,
                    new CountingInputStream(decompressed),
                    selected,
                    maxMemberBytes);
        } catch (IOException e) {
            in.close();
            if (source.failure() != null) {
                throw cannotRead(archive.uri(), "", source.failure());
            }
            throw cannotOpen(archive.uri(), e); // not gzip: the file's own
        }
    }

    private static IOException cannotOpen(String archiveUri, IOException cause) {
        // GZIPInputStream says nothing of a file too short to hold a gzip header.
        String why =
                cause instanceof EOFException
                        ? "it ends before its gzip header (an empty or cut-off file)"
                        : messageOf(cause);
        return new IOException("Cannot open archive " + archiveUri + ": " + why, cause);
    }

    /** A failure of the file system, not of the archive's bytes: the task fails, to be retried. */
    private static UncheckedIOException cannotRead(
            String archiveUri, String where, Exception cause) {
        return new UncheckedIOException(
                "Cannot read archive " + archiveUri + where + ": " + messageOf(cause),
                cause instanceof IOException io ? io : new IOException(cause));
    }

    private static String messageOf(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getName();
    }

    @Override
    protected Recording computeNext() {
        return finished ? null : advance();
    }

    /** The archive's URI, as given to {@link #open}. */
    public String uri() {
        return archiveUri;
    }

    /**
     * Whether reading stopped at damage: the last recording returned says where, and no more
     * follow. An error on a recording before that concerns that member alone.
     */
    public boolean isDamaged() {
        return damaged;
    }

    @Override
    public void close() {
        try {
            tar.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Recording advance() {
        try {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                members++;
                member = entry.getName();
                endOfLastMember = archiveBytes.count() + paddedToRecords(entry.getSize());
                if ((entry.isSymbolicLink() || entry.isLink()) && selected.test(member)) {
                    return new Recording(archiveUri, member, null, linkError(entry));
                }
                if (entry.isFile() && selected.test(member)) {
                    if (entry.getRealSize() > maxMemberBytes) {
                        // Its bytes are skipped unread as the next header is sought.
                        return new Recording(archiveUri, member, null, tooLargeError(entry));
                    }
                    // A sparse member (tar -S) is stored in fewer bytes than the file it
                    // expands to, and the reader gives the expanded file.
                    ByteArrayOutputStream bytes =
                            new ByteArrayOutputStream((int) Math.min(entry.getRealSize(), 1 << 26));
                    tar.transferTo(bytes);
                    if (bytes.size() != entry.getRealSize()) {
                        throw new IOException(
                                "member "
                                        + member
                                        + " should have "
                                        + entry.getRealSize()
                                        + " bytes but the archive ended after "
                                        + bytes.size());
                    }
                    return new Recording(archiveUri, member, bytes.toByteArray(), null);
                }
            }
            requireEndOfArchiveBlocks();
            requireNothingAfterTheEnd();
            finished = true;
            return null;
        } catch (IOException | RuntimeException e) {
            finished = true;
            if (source.failure() != null) {
                throw cannotRead(archiveUri, where(), source.failure());
            }
            damaged = true;
            return e instanceof DataAfterTheEnd after ? dataAfterTheEnd(after.offset) : damage(e);
        }
    }

    /**
     * The recording that says where the archive broke. It is the archive's, not a member's: the
     * last member read may have been returned whole already, and a second row under its name would
     * contradict the first.
     */
    private Recording damage(Exception cause) {
        return archiveRow(
                "Archive "
                        + archiveUri
                        + " is damaged or truncated"
                        + where()
                        + ": "
                        + messageOf(cause));
    }

    /** A row of the archive itself, not of a member, with the error that stopped reading. */
    private Recording archiveRow(String error) {
        return new Recording(archiveUri, null, null, error);
    }

    /** Where reading stopped, for messages. */
    private String where() {
        return membersRead() + ", at byte " + archiveBytes.count() + " of its tar stream";
    }

    /** How far reading got, in members, for messages. */
    private String membersRead() {
        return " after "
                + members
                + " member(s)"
                + (member == null ? "" : " (the last " + member + ")");
    }

    /** A member too large for one array would run the executor out of memory, task after task. */
    private String tooLargeError(TarArchiveEntry entry) {
        return "Cannot read "
                + archiveUri
                + "!"
                + entry.getName()
                + " into memory: it holds "
                + entry.getRealSize()
                + " bytes, more than the "
                + maxMemberBytes
                + " one Java array can hold";
    }

    /**
     * A link member holds no bytes: its target is a path outside the stream (symbolic) or a member
     * read earlier (hard), which a stream reader cannot go back to.
     */
    private String linkError(TarArchiveEntry entry) {
        return archiveUri
                + "!"
                + entry.getName()
                + " is a "
                + (entry.isSymbolicLink() ? "symbolic" : "hard")
                + " link to "
                + entry.getLinkName()
                + ", not a file; archives are read as one stream, so the archive must hold the"
                + " file itself (GNU tar: --dereference --hard-dereference)";
    }

    /**
     * The tar reader takes a stream that ends on a record boundary after a member for the end of
     * the archive, as GNU tar does; every tar writer ends an archive with zero records, so their
     * absence means the members after the last one read were cut off.
     */
    private void requireEndOfArchiveBlocks() throws IOException {
        if (archiveBytes.count() < endOfLastMember + TarConstants.DEFAULT_RCDSIZE) {
            throw new IOException(
                    "it ends without tar's end-of-archive blocks, so the members after it are"
                            + " missing");
        }
    }

    /**
     * Zero records may pad an archive to its blocking factor, but anything else after the end is
     * another archive, most often one joined to this with {@code cat}: GNU tar reads it only when
     * told to ({@code --ignore-zeros}), and passing over it would lose its recordings unseen.
     */
    private void requireNothingAfterTheEnd() throws IOException {
        byte[] buffer = new byte[1 << 16];
        long end = archiveBytes.count();
        int read;
        while ((read = archiveBytes.read(buffer)) > 0) {
            for (int i = 0; i < read; i++) {
                if (buffer[i] != 0) {
                    throw new DataAfterTheEnd(end + i);
                }
            }
            end += read;
        }
    }

    /** The row of an archive with more after its end: not damage, but members tar would skip. */
    private Recording dataAfterTheEnd(long offset) {
        return archiveRow(
                "Archive "
                        + archiveUri
                        + " has data after its end-of-archive blocks, at byte "
                        + offset
                        + " of its tar stream,"
                        + membersRead()
                        + ": more members may follow that tar does not read (archives joined with"
                        + " cat? give them as separate files, or join them with tar"
                        + " --concatenate)");
    }

    /** Where something other than zero padding follows the end-of-archive blocks. */
    private static final class DataAfterTheEnd extends IOException {
        private static final long serialVersionUID = 1L;

        private final long offset;

        DataAfterTheEnd(long offset) {
            super("data after the end-of-archive blocks at byte " + offset);
            this.offset = offset;
        }
    }

    private static long paddedToRecords(long size) {
        long record = TarConstants.DEFAULT_RCDSIZE;
        return (size + record - 1) / record * record;
    }

    /**
     * The file's bytes as the file system gives them, keeping the first failure to give them: what
     * the decoders above throw after it is not the archive's fault, however they wrap it.
     */
    private static final class SourceStream extends FilterInputStream {
        private Exception failure;

        SourceStream(InputStream in) {
            super(in);
        }

        /** The file system's first failure, or {@code null}. */
        Exception failure() {
            return failure;
        }

        @Override
        public int read() throws IOException {
            return (int) watched(super::read);
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return (int) watched(() -> super.read(buffer, offset, length));
        }

        @Override
        public long skip(long n) throws IOException {
            return watched(() -> super.skip(n));
        }

        @Override
        public int available() throws IOException {
            return (int) watched(super::available);
        }

        private long watched(Read read) throws IOException {
            try {
                return read.run();
            } catch (IOException | RuntimeException e) {
                if (failure == null) {
                    failure = e;
                }
                throw e;
            }
        }

        private interface Read {
            long run() throws IOException;
        }
    }

    /** Counts the bytes read or skipped, to know where in the tar stream the reader is. */
    private static final class CountingInputStream extends FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += Math.max(0, skipped);
            return skipped;
        }
    }
}
