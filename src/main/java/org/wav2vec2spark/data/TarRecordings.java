package org.wav2vec2spark.data;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * The recordings inside a tar or tar.gz archive, read as one stream from any Hadoop file system
 * without unpacking to disk; only the current member's bytes are in memory.
 *
 * <p>Members that are not audio are passed over, and so are hidden ones ({@link
 * InputKind#isHiddenMember}: macOS's {@code ._name} files), as folder listings pass them over. A
 * damaged or truncated archive does not fail the task: reading stops and one last {@link Recording}
 * with an error naming the archive, the member count so far and the cause is returned, so the job's
 * output counts it.
 */
public final class TarRecordings extends LookAheadIterator<Recording> implements AutoCloseable {

    private final String archiveUri;
    private final TarArchiveInputStream tar;
    private final Predicate<String> selected;
    private boolean finished;
    private long members;

    private TarRecordings(
            String archiveUri, TarArchiveInputStream tar, Predicate<String> selected) {
        this.archiveUri = archiveUri;
        this.tar = tar;
        this.selected = selected;
    }

    /**
     * Opens an archive.
     *
     * @param conf the Hadoop configuration
     * @param archive the archive; {@link InputKind#TAR_GZ} is decompressed on the fly
     * @param wanted which audio members to read (by member path); others are skipped unread
     * @return the recordings, lazily; close it when done
     * @throws IOException when the archive cannot be opened
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
     * @throws IOException when the archive cannot be opened
     */
    public static TarRecordings openMembers(
            Configuration conf, InputFile archive, Predicate<String> selected) throws IOException {
        Path path = new Path(archive.uri());
        InputStream in = new BufferedInputStream(path.getFileSystem(conf).open(path), 1 << 16);
        try {
            // The JDK's reader decompresses as gzip does: concatenated members (bgzip, gzipped
            // pieces joined with cat) are one stream, and padding after the last member is ignored.
            // commons-compress's stops after the first member unless told otherwise, and then
            // fails on padding.
            InputStream decompressed =
                    archive.kind() == InputKind.TAR_GZ ? new GZIPInputStream(in, 1 << 16) : in;
            return new TarRecordings(
                    archive.uri(), new TarArchiveInputStream(decompressed), selected);
        } catch (IOException e) {
            in.close();
            throw new IOException(
                    "Cannot open archive " + archive.uri() + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected Recording computeNext() {
        return finished ? null : advance();
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
        String member = null;
        try {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                members++;
                member = entry.getName();
                if (entry.isFile() && selected.test(member)) {
                    ByteArrayOutputStream bytes =
                            new ByteArrayOutputStream((int) Math.min(entry.getSize(), 1 << 26));
                    tar.transferTo(bytes);
                    if (bytes.size() != entry.getSize()) {
                        throw new IOException(
                                "member "
                                        + member
                                        + " should have "
                                        + entry.getSize()
                                        + " bytes but the archive ended after "
                                        + bytes.size());
                    }
                    return new Recording(archiveUri, member, bytes.toByteArray(), null);
                }
            }
            finished = true;
            return null;
        } catch (IOException | RuntimeException e) {
            finished = true;
            return new Recording(
                    archiveUri,
                    member,
                    null,
                    "Archive "
                            + archiveUri
                            + " is damaged or truncated after "
                            + members
                            + " member(s)"
                            + (member == null ? "" : ", at " + member)
                            + ": "
                            + (e.getMessage() != null ? e.getMessage() : e.getClass().getName()));
        }
    }
}
