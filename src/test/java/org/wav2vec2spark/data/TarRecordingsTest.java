package org.wav2vec2spark.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static java.nio.charset.StandardCharsets.UTF_8;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.wav2vec2spark.ExternalCommand;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** The recordings an archive yields, and the members it passes over. */
class TarRecordingsTest {
    @TempDir Path temp;

    @Test
    void passesOverHiddenMembersAsFolderListingsDo() throws Exception {
        byte[] flac =
                Files.readAllBytes(
                        TarGzFixtures.SAMPLES.resolve("test-clean/89/659459/89-659459-0000.flac"));
        Map<String, byte[]> members = new LinkedHashMap<>();
        members.put("d/._a.flac", new byte[] {0, 5, 22, 7});
        members.put("__MACOSX/d/b.flac", new byte[] {0, 5, 22, 7});
        members.put("d/.hidden/c.flac", flac);
        members.put("d/a.flac", flac);
        members.put("d/notes.txt", new byte[] {1});
        Path archive = TarGzFixtures.write(members, temp.resolve("mac.tar.gz"));

        List<String> read = new ArrayList<>();
        InputFile input =
                new InputFile(archive.toUri().toString(), Files.size(archive), InputKind.TAR_GZ);
        try (TarRecordings recordings =
                TarRecordings.open(new Configuration(), input, member -> true)) {
            recordings.forEachRemaining(r -> read.add(r.member() + " " + r.error()));
        }

        assertThat(read).containsExactly("d/a.flac null");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // gzip, GNU tar and Python read concatenated gzip members as one stream; parallel and
        // block compressors (bgzip, gzipped pieces joined with cat) write such files.
        "one gzip member per 4096 bytes of tar, 4096, 0",
        // Tape and some download tools pad the file; gzip ignores what follows the last member.
        "zero padding after the gzip stream, 0, 1024"
    })
    void readsATarGzToTheEndAsGzipDoes(String shape, int memberBytes, int padding)
            throws Exception {
        Map<String, byte[]> members = new LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            members.put("d/" + i + ".flac", ("recording " + i).repeat(200).getBytes(UTF_8));
        }
        byte[] tar = TarGzFixtures.tar(members);
        int step = memberBytes > 0 ? memberBytes : tar.length;
        Path archive = temp.resolve("members.tar.gz");
        try (OutputStream out = Files.newOutputStream(archive)) {
            for (int from = 0; from < tar.length; from += step) {
                GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(out);
                gzip.write(tar, from, Math.min(step, tar.length - from));
                gzip.finish();
            }
            out.write(new byte[padding]);
        }

        List<String> read = new ArrayList<>();
        InputFile input =
                new InputFile(archive.toUri().toString(), Files.size(archive), InputKind.TAR_GZ);
        try (TarRecordings recordings =
                TarRecordings.open(new Configuration(), input, member -> true)) {
            recordings.forEachRemaining(r -> read.add(r.member() + " " + r.error()));
        }

        assertThat(read)
                .containsExactlyElementsOf(
                        members.keySet().stream().map(member -> member + " null").toList());
    }

    @Test
    void readsUtf8MemberNamesWhateverTheJvmsDefaultCharset() throws Exception {
        // GNU tar stores the bytes of the file names, UTF-8 under today's locales. Read with the
        // default charset, a JVM in a C locale (US-ASCII) took "café" for damage and stopped.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<String> names = List.of("d/a.flac", "d/café.flac", "d/z.flac");
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes, UTF_8.name())) {
            for (String name : names) {
                TarArchiveEntry entry = new TarArchiveEntry(name);
                entry.setSize(1);
                tar.putArchiveEntry(entry);
                tar.write('x');
                tar.closeArchiveEntry();
            }
        }
        Path archive = Files.write(temp.resolve("names.tar"), bytes.toByteArray());
        InputFile input = new InputFile(archive.toUri().toString(), bytes.size(), InputKind.TAR);

        List<String> read = new ArrayList<>();
        try (TarRecordings recordings =
                TarRecordings.open(new Configuration(), input, member -> true)) {
            recordings.forEachRemaining(r -> read.add(r.member() + " " + r.error()));
        }

        assertThat(read).containsExactly("d/a.flac null", "d/café.flac null", "d/z.flac null");
    }

    @ParameterizedTest(name = "cut {0} bytes into the header of d/3.flac")
    @CsvSource({"0", "100"})
    void aTarCutBetweenMembersIsReportedAsTruncated(int intoHeader) throws Exception {
        // A download cut short at a record boundary: GNU tar and Python list what is there
        // without complaint, but the members after the cut must not vanish from the counts.
        Map<String, byte[]> members = new LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            members.put("d/" + i + ".flac", ("recording " + i).repeat(200).getBytes(UTF_8));
        }
        byte[] tar = TarGzFixtures.tar(members);
        int header = headerOffset(tar, "d/3.flac");
        Path archive =
                Files.write(temp.resolve("cut.tar"), Arrays.copyOf(tar, header + intoHeader));

        List<Recording> read = readTar(archive);

        // d/2.flac was read whole: the damage is the archive's row, not a second one for d/2.flac.
        assertThat(read)
                .extracting(Recording::member)
                .containsExactly("d/0.flac", "d/1.flac", "d/2.flac", null);
        assertThat(read.get(2).error()).isNull();
        assertThat(read.get(3).source()).isEqualTo(archive.toUri().toString());
        assertThat(read.get(3).error())
                .isEqualTo(
                        "Archive "
                                + archive.toUri()
                                + " is damaged or truncated after 3 member(s) (the last"
                                + " d/2.flac), at byte "
                                + (header + intoHeader)
                                + " of its tar stream: it ends without tar's end-of-archive"
                                + " blocks, so the members after it are missing");
    }

    @ParameterizedTest(name = "blocking factor {0}")
    @ValueSource(ints = {20, 1})
    void archivesJoinedWithCatAreReportedNotCutShortUnseen(int blockingFactor) throws Exception {
        // GNU tar stops at the first archive's end blocks (it reads on only with --ignore-zeros),
        // so the second archive's recordings would be lost without a word. With -b1 the first
        // archive ends in the middle of what tar's default block would be.
        Path first = tarWithGnuTar("first", "d/a.flac", "first".getBytes(UTF_8), blockingFactor);
        Path second = tarWithGnuTar("second", "e/b.flac", "second".getBytes(UTF_8), blockingFactor);
        byte[] joined = concat(Files.readAllBytes(first), Files.readAllBytes(second));
        Path archive = Files.write(temp.resolve("joined.tar"), joined);

        List<Recording> read = readTar(archive);

        assertThat(read).extracting(Recording::member).containsExactly("d/a.flac", null);
        assertThat(read.get(1).error())
                .isEqualTo(
                        "Archive "
                                + archive.toUri()
                                + " has data after its end-of-archive blocks, at byte "
                                + Files.size(first)
                                + " of its tar stream, after 1 member(s) (the last d/a.flac):"
                                + " more members may follow that tar does not read (archives"
                                + " joined with cat? give them as separate files, or join them"
                                + " with tar --concatenate)");
    }

    @Test
    void aSparseMemberIsReadAsTheFileItExpandsTo() throws Exception {
        // tar -S stores a file's holes as a map, in fewer bytes than the file has.
        Path dir = Files.createDirectories(temp.resolve("sparse"));
        Path file = dir.resolve("s.flac");
        try (java.io.RandomAccessFile out = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            out.write("head".getBytes(UTF_8));
            out.seek((1 << 20) - 4);
            out.write("tail".getBytes(UTF_8));
        }
        Path archive = temp.resolve("sparse.tar");
        ExternalCommand.run(
                "tar",
                "--sparse",
                "--hole-detection=raw",
                "-C",
                dir.toString(),
                "-cf",
                archive.toString(),
                "s.flac");
        assertThat(Files.size(archive)).as("stored sparse").isLessThan(1 << 20);

        List<Recording> read = readTar(archive);

        assertThat(read).extracting(Recording::member).containsExactly("s.flac");
        assertThat(read.get(0).error()).isNull();
        assertThat(read.get(0).bytes()).isEqualTo(Files.readAllBytes(file));
    }

    /** Every recording of a plain tar archive, as {@link TarRecordings#open} gives them. */
    private static List<Recording> readTar(Path archive) throws IOException {
        InputFile input =
                new InputFile(archive.toUri().toString(), Files.size(archive), InputKind.TAR);
        List<Recording> read = new ArrayList<>();
        try (TarRecordings recordings =
                TarRecordings.open(new Configuration(), input, member -> true)) {
            recordings.forEachRemaining(read::add);
        }
        return read;
    }

    /**
     * A one-member archive written by GNU tar, the reference tool, in blocks of that many records.
     */
    private Path tarWithGnuTar(String name, String member, byte[] content, int blockingFactor)
            throws IOException {
        Path dir = temp.resolve(name);
        Path file = dir.resolve(member);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        Path archive = temp.resolve(name + ".tar");
        ExternalCommand.run(
                "tar",
                "-b" + blockingFactor,
                "-C",
                dir.toString(),
                "-cf",
                archive.toString(),
                member);
        return archive;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    @ParameterizedTest(name = "{0}, connection lost at {1} of the file")
    @CsvSource({
        "TAR, 0.5",
        "TAR_GZ, 0.5",
        // The gzip header is read as the archive is opened.
        "TAR_GZ, 0",
        // -1: opening itself fails.
        "TAR, -1"
    })
    void aFileSystemFailureFailsTheTaskInsteadOfCuttingTheArchiveShort(
            InputKind kind, double dropAt) throws IOException {
        // An HDFS block no datanode served, a connection reset, an S3 timeout: the bytes are whole,
        // a retry of the task reads them, so they must not end up as a damaged archive's row.
        Map<String, byte[]> members = new LinkedHashMap<>();
        Random random = new Random(1);
        for (int i = 0; i < 6; i++) {
            byte[] noise = new byte[2000]; // incompressible, so half a tar.gz is half its members
            random.nextBytes(noise);
            members.put("d/" + i + ".flac", noise);
        }
        Path archive =
                kind == InputKind.TAR
                        ? Files.write(temp.resolve("a.tar"), TarGzFixtures.tar(members))
                        : TarGzFixtures.write(members, temp.resolve("a.tar.gz"));
        long size = Files.size(archive);
        InputFile input = new InputFile(FlakyFileSystem.uri(archive), size, kind);
        Configuration conf = FlakyFileSystem.conf(dropAt < 0 ? -1 : (long) (size * dropAt));

        List<String> read = new ArrayList<>();
        assertThatThrownBy(
                        () -> {
                            try (TarRecordings recordings =
                                    TarRecordings.open(conf, input, member -> true)) {
                                recordings.forEachRemaining(
                                        r -> read.add(r.member() + " " + r.error()));
                            }
                        })
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageStartingWith("Cannot read archive " + input.uri())
                .hasRootCauseInstanceOf(IOException.class)
                .hasMessageEndingWith(dropAt < 0 ? "Connection refused" : "Connection reset");
        // What came before the failure is whole, and no row blames the archive.
        assertThat(read).allMatch(r -> r.matches("d/[0-5]\\.flac null"));
        assertThat(read.size()).isBetween(dropAt > 0 ? 1 : 0, dropAt > 0 ? 5 : 0);
    }

    @Test
    void aMissingArchiveCannotBeOpenedAndSaysSo() {
        Path missing = temp.resolve("missing.tar.gz");
        InputFile input = new InputFile(missing.toUri().toString(), 1, InputKind.TAR_GZ);

        assertThatThrownBy(() -> TarRecordings.open(new Configuration(), input, member -> true))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("Cannot open archive " + input.uri() + ": ")
                .hasCauseInstanceOf(java.io.FileNotFoundException.class);
    }

    @Test
    void anEmptyOrCutOffGzipArchiveSaysWhyItCannotBeOpened() throws IOException {
        for (byte[] bytes : List.of(new byte[0], new byte[] {0x1f, (byte) 0x8b, 8, 0})) {
            Path archive = Files.write(temp.resolve("cut.tar.gz"), bytes);
            InputFile input =
                    new InputFile(archive.toUri().toString(), bytes.length, InputKind.TAR_GZ);

            assertThatThrownBy(() -> TarRecordings.open(new Configuration(), input, member -> true))
                    .isInstanceOf(IOException.class)
                    .hasMessage(
                            "Cannot open archive "
                                    + input.uri()
                                    + ": it ends before its gzip header (an empty or cut-off"
                                    + " file)");
        }
    }

    @Test
    void aMemberTooLargeForMemoryFailsNamingItsSizeBeforeAnyOfItIsRead() throws IOException {
        // A header that declares 3 GiB, and the file ends soon after: the member's bytes are never
        // buffered (they would run the executor out of memory), and the cut is reported after it.
        TarArchiveEntry huge = new TarArchiveEntry("d/huge.flac");
        huge.setSize(3L << 30);
        byte[] header = new byte[512];
        huge.writeEntryHeader(header);
        Path archive = temp.resolve("huge.tar");
        Files.write(archive, Arrays.copyOf(header, 512 + 8192));

        List<Recording> read = readTar(archive);

        assertThat(read).extracting(Recording::member).containsExactly("d/huge.flac", null);
        assertThat(read.get(0).error())
                .isEqualTo(
                        "Cannot read "
                                + archive.toUri()
                                + "!d/huge.flac into memory: it holds 3221225472 bytes, more than"
                                + " the 2147483639 one Java array can hold");
        assertThat(read.get(1).error()).contains(" is damaged or truncated after 1 member(s)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"TAR", "TAR_GZ"})
    void theMembersAfterOneTooLargeForMemoryAreStillRead(InputKind kind) throws IOException {
        Map<String, byte[]> members = new LinkedHashMap<>();
        members.put("d/a.flac", new byte[100]);
        members.put("d/big.flac", new byte[6000]);
        members.put("d/c.flac", new byte[100]);
        Path archive =
                kind == InputKind.TAR
                        ? Files.write(temp.resolve("a.tar"), TarGzFixtures.tar(members))
                        : TarGzFixtures.write(members, temp.resolve("a.tar.gz"));
        InputFile input = new InputFile(archive.toUri().toString(), Files.size(archive), kind);

        List<String> read = new ArrayList<>();
        try (TarRecordings recordings =
                TarRecordings.openMembers(new Configuration(), input, member -> true, 5000)) {
            recordings.forEachRemaining(r -> read.add(r.member() + " " + r.error()));
        }

        assertThat(read)
                .containsExactly(
                        "d/a.flac null",
                        "d/big.flac Cannot read "
                                + archive.toUri()
                                + "!d/big.flac into memory: it holds 6000 bytes, more than the"
                                + " 5000 one Java array can hold",
                        "d/c.flac null");
    }

    /** Where the header of a member starts: at a 512-byte record holding its name first. */
    private static int headerOffset(byte[] tar, String member) {
        byte[] name = member.getBytes(UTF_8);
        for (int offset = 0; offset + 512 <= tar.length; offset += 512) {
            if (Arrays.equals(tar, offset, offset + name.length, name, 0, name.length)
                    && tar[offset + name.length] == 0) {
                return offset;
            }
        }
        throw new AssertionError(member + " has no header in the tar");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "d/._a.flac, true",
        "__MACOSX/d/a.flac, true",
        "d/.cache/a.flac, true",
        "./d/a.flac, false",
        "LibriSpeech/test-clean/1/2/1-2-0000.flac, false",
        "d/a_b.flac, false"
    })
    void hiddenMembers(String member, boolean hidden) {
        assertThat(InputKind.isHiddenMember(member)).isEqualTo(hidden);
    }
}
