package org.wav2vec2spark.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.wav2vec2spark.ExternalCommand;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

class LibriSpeechArchiveReaderTest {
    @TempDir Path dir;

    private static List<Utterance> read(Path archive, List<String> splits) {
        InputFile file =
                new InputFile(
                        archive.toUri().toString(),
                        archive.toFile().length(),
                        InputKind.of(archive.toString()).orElseThrow());
        List<Utterance> all = new ArrayList<>();
        try (LibriSpeechArchiveReader reader =
                LibriSpeechArchiveReader.open(new Configuration(), file, splits)) {
            reader.forEachRemaining(all::add);
        }
        return all;
    }

    private static Map<String, Utterance> byId(List<Utterance> utterances) {
        return utterances.stream()
                .collect(Collectors.toMap(u -> u.key().id(), Function.identity()));
    }

    /** Member orders an archive may have: the join must not depend on them. */
    static Stream<Comparator<String>> memberOrders() {
        Comparator<String> transcriptsFirst =
                Comparator.comparing((String name) -> !name.endsWith(".trans.txt"));
        return Stream.of(
                Comparator.naturalOrder(), // each chapter's flacs, then its .trans.txt
                transcriptsFirst.thenComparing(Comparator.naturalOrder()),
                Comparator.<String>reverseOrder());
    }

    @ParameterizedTest
    @MethodSource("memberOrders")
    void joinsEverySampleWithItsTranscriptLineInAnyMemberOrder(Comparator<String> order)
            throws IOException {
        Path archive =
                TarGzFixtures.packSplit(
                        TarGzFixtures.SAMPLES, "test-clean", order, dir.resolve("a.tar.gz"));

        Map<String, Utterance> utterances = byId(read(archive, List.of()));

        // Expected: every FLAC of the split, with its bytes and the text after the id on its line.
        Path split = TarGzFixtures.SAMPLES.resolve("test-clean");
        List<Path> flacs;
        try (Stream<Path> files = Files.walk(split)) {
            flacs = files.filter(f -> f.toString().endsWith(".flac")).toList();
        }
        assertThat(utterances).hasSize(flacs.size());
        for (Path flac : flacs) {
            String id = flac.getFileName().toString().replace(".flac", "");
            Utterance utterance = utterances.get(id);
            String line =
                    Files.readAllLines(
                                    flac.resolveSibling(
                                            id.substring(0, id.lastIndexOf('-')) + ".trans.txt"))
                            .stream()
                            .filter(l -> l.startsWith(id + " "))
                            .findFirst()
                            .orElseThrow();
            assertThat(utterance.isEvaluable()).as(id).isTrue();
            assertThat(utterance.reference()).isEqualTo(line.substring(id.length() + 1));
            assertThat(utterance.audio()).isEqualTo(Files.readAllBytes(flac));
            assertThat(utterance.key().split()).isEqualTo("test-clean");
            assertThat(utterance.audioUri())
                    .isEqualTo(
                            archive.toUri()
                                    + "!LibriSpeech/"
                                    + TarGzFixtures.SAMPLES.relativize(flac));
        }
    }

    @Test
    void reportsEveryMismatchAsTheFolderSourceDoes() {
        Map<String, byte[]> members = new LinkedHashMap<>();
        members.put("LibriSpeech/test-clean/1/10/1-10-0000.flac", bytes("a"));
        members.put("LibriSpeech/test-clean/1/10/1-10-0001.flac", bytes("b")); // no line
        members.put("LibriSpeech/test-clean/1/10/1-10-0003.flac", bytes("f")); // line has no text
        members.put(
                "LibriSpeech/test-clean/1/10/1-10.trans.txt",
                bytes("1-10-0000 HELLO WORLD\n1-10-0002 NO AUDIO\n1-10-0003\n1-10-0004\n"));
        members.put("LibriSpeech/test-other/2/20/2-20-0000.flac", bytes("c"));
        members.put("LibriSpeech/test-other/2/20/2-20.trans.txt", bytes("2-20-0000 GOOD BYE\n"));
        members.put("LibriSpeech/test-other/2/20/stray.flac", bytes("d")); // outside the layout
        members.put("LibriSpeech/README.TXT", bytes("ignored"));
        members.put("LibriSpeech/test-other/2/20/._2-20-0000.flac", bytes("e")); // hidden: skipped
        members.put("LibriSpeech/test-clean/1/10/._1-10.trans.txt", bytes("junk")); // skipped
        Path archive = TarGzFixtures.write(members, dir.resolve("mixed.tar.gz"));
        String prefix = archive.toUri() + "!LibriSpeech/";
        String transcript = prefix + "test-clean/1/10/1-10.trans.txt";

        Map<String, Utterance> byId = byId(read(archive, List.of()));

        // One row per utterance: an id without text fails its utterance once, with the line's
        // reason, not once more as a rejected line beside "no transcript line".
        assertThat(byId).hasSize(7);
        assertThat(byId.get("1-10-0000").reference()).isEqualTo("HELLO WORLD");
        assertThat(byId.get("1-10-0000").audio()).isEqualTo(bytes("a"));
        assertThat(byId.get("2-20-0000").reference()).isEqualTo("GOOD BYE");
        assertThat(byId.get("1-10-0001").error())
                .isEqualTo("no transcript line for 1-10-0001 in " + transcript);
        assertThat(byId.get("1-10-0002").error())
                .isEqualTo(
                        transcript
                                + ":2: transcript line for 1-10-0002 has no audio member "
                                + prefix
                                + "test-clean/1/10/1-10-0002.flac");
        assertThat(byId.get("1-10-0003").error())
                .isEqualTo(
                        transcript
                                + ":3: expected '<utt-id> <TEXT>' but the line has no text after"
                                + " '1-10-0003'");
        assertThat(byId.get("1-10-0004").error())
                .startsWith(transcript + ":4: expected '<utt-id> <TEXT>'");
        assertThat(byId.get(prefix + "test-other/2/20/stray.flac").error())
                .startsWith(prefix + "test-other/2/20/stray.flac does not follow the LibriSpeech");
        assertThat(byId.get(prefix + "test-other/2/20/stray.flac").key().split())
                .isEqualTo("test-other");
    }

    @Test
    void aFileAppendedAgainWithTarRIsNamedAsASecondCopy() throws IOException {
        // tar -r appends the new version after the old; the reader has joined the old one by then.
        Path tree = Files.createDirectories(dir.resolve("appended/LibriSpeech/test-clean/1/10"));
        Files.writeString(tree.resolve("1-10-0000.flac"), "old");
        Files.writeString(tree.resolve("1-10.trans.txt"), "1-10-0000 HELLO\n");
        Path archive = dir.resolve("appended.tar");
        String root = dir.resolve("appended").toString();
        ExternalCommand.run("tar", "-C", root, "-cf", archive.toString(), "LibriSpeech");
        Files.writeString(tree.resolve("1-10-0000.flac"), "new");
        String member = "LibriSpeech/test-clean/1/10/1-10-0000.flac";
        ExternalCommand.run("tar", "-C", root, "-rf", archive.toString(), member);

        List<Utterance> read = read(archive, List.of());

        assertThat(read).hasSize(2);
        assertThat(read.get(0).error()).isNull();
        assertThat(read.get(1).key().id()).isEqualTo("1-10-0000");
        assertThat(read.get(1).error())
                .isEqualTo(
                        archive.toUri()
                                + "!"
                                + member
                                + " is a second member for the utterance of "
                                + member
                                + " (an archive appended to with tar -r or tar -u keeps every"
                                + " version, and tar extracts the last): repack the archive so that"
                                + " it holds each file once");
    }

    @Test
    void aChapterInTwoSplitsIsJoinedWithinEachSplit() {
        Map<String, byte[]> members = new LinkedHashMap<>();
        members.put("LibriSpeech/mine/1/10/1-10.trans.txt", bytes("1-10-0000 MINE\n"));
        members.put("LibriSpeech/test-clean/1/10/1-10.trans.txt", bytes("1-10-0000 CLEAN\n"));
        members.put("LibriSpeech/test-clean/1/10/1-10-0000.flac", bytes("a"));
        members.put("LibriSpeech/mine/1/10/1-10-0000.flac", bytes("a"));
        Path archive = TarGzFixtures.write(members, dir.resolve("copy.tar.gz"));

        assertThat(read(archive, List.of()))
                .extracting(u -> u.key().split() + " " + u.reference() + " " + u.error())
                .containsExactlyInAnyOrder("mine MINE null", "test-clean CLEAN null");
    }

    @Test
    void keepsOnlyTheRequestedSplits() {
        Map<String, byte[]> members = new LinkedHashMap<>();
        members.put("LibriSpeech/test-clean/1/10/1-10-0000.flac", bytes("a"));
        members.put("LibriSpeech/test-clean/1/10/1-10.trans.txt", bytes("1-10-0000 A\n"));
        members.put("LibriSpeech/test-other/2/20/2-20-0000.flac", bytes("c"));
        members.put("LibriSpeech/test-other/2/20/2-20.trans.txt", bytes("2-20-0000 C\n"));
        Path archive = TarGzFixtures.write(members, dir.resolve("two.tar.gz"));

        assertThat(read(archive, List.of("test-other")))
                .extracting(u -> u.key().id())
                .containsExactly("2-20-0000");
    }

    @Test
    void aLibriSpeechFolderInsideWrapperFoldersIsFound() {
        Map<String, byte[]> members = new LinkedHashMap<>();
        members.put("corpus/", new byte[0]);
        members.put("corpus/v1/LibriSpeech/test-clean/1/10/1-10-0000.flac", bytes("a"));
        members.put("corpus/v1/LibriSpeech/test-clean/1/10/1-10.trans.txt", bytes("1-10-0000 A\n"));
        members.put("./corpus/v1/LibriSpeech/test-other/2/20/2-20-0000.flac", bytes("c"));
        members.put(
                "./corpus/v1/LibriSpeech/test-other/2/20/2-20.trans.txt", bytes("2-20-0000 C\n"));
        Path archive = TarGzFixtures.write(members, dir.resolve("wrapped.tar.gz"));

        assertThat(read(archive, List.of()))
                .extracting(u -> u.key().split() + " " + u.key().id() + " " + u.reference())
                .containsExactlyInAnyOrder("test-clean 1-10-0000 A", "test-other 2-20-0000 C");
        assertThat(read(archive, List.of("test-other")))
                .extracting(u -> u.key().id())
                .containsExactly("2-20-0000");
    }

    @Test
    void aTruncatedArchiveEndsWithOneDamageRowAndEvaluatesWhatCameBefore() throws IOException {
        Path whole =
                TarGzFixtures.packSplit(
                        TarGzFixtures.SAMPLES,
                        "test-other",
                        Comparator.naturalOrder(),
                        dir.resolve("whole.tar.gz"));
        Path cut = TarGzFixtures.truncate(whole, 0.5, dir.resolve("cut.tar.gz"));

        List<Utterance> utterances = read(cut, List.of());

        List<Utterance> damaged =
                utterances.stream()
                        .filter(u -> u.key().id().equals(cut.toUri().toString()))
                        .toList();
        assertThat(damaged)
                .singleElement()
                .satisfies(
                        u -> {
                            assertThat(u.error())
                                    .startsWith(
                                            "Archive "
                                                    + cut.toUri()
                                                    + " is damaged or truncated after");
                            assertThat(u.key().split()).isEqualTo("test-other");
                        });
        long evaluable = utterances.stream().filter(Utterance::isEvaluable).count();
        // Name order puts each chapter's flacs before its transcript: half the archive holds some
        // whole chapters (evaluable) and stops inside a later one.
        assertThat(evaluable).isBetween(1L, 29L);
    }

    @Test
    void linesWhoseAudioLiesAfterTheDamageSaySo() throws IOException {
        // Transcripts first: the first pass reads them all, the second stops inside the audio.
        Path whole =
                TarGzFixtures.packSplit(
                        TarGzFixtures.SAMPLES,
                        "test-other",
                        Comparator.comparing((String name) -> !name.endsWith(".trans.txt"))
                                .thenComparing(Comparator.naturalOrder()),
                        dir.resolve("whole.tar.gz"));
        Path cut = TarGzFixtures.truncate(whole, 0.5, dir.resolve("cut.tar.gz"));

        List<Utterance> utterances = read(cut, List.of());

        // Each line read in the first pass whose audio the second never reached says so.
        String folder = cut.toUri() + "!LibriSpeech/test-other/";
        List<Utterance> unread =
                utterances.stream()
                        .filter(u -> u.audioUri() == null && u.reference() != null)
                        .toList();
        assertThat(unread).isNotEmpty();
        for (Utterance u : unread) {
            UtteranceKey key = u.key();
            String chapter = key.speaker() + "/" + key.chapter() + "/";
            assertThat(u.error())
                    .startsWith(
                            folder + chapter + key.speaker() + "-" + key.chapter() + ".trans.txt:")
                    .endsWith(
                            ": transcript line for "
                                    + key.id()
                                    + ": audio member "
                                    + folder
                                    + chapter
                                    + key.id()
                                    + ".flac is not in the readable part of the damaged archive");
        }
        assertThat(utterances)
                .filteredOn(u -> cut.toUri().toString().equals(u.key().id()))
                .singleElement()
                .satisfies(u -> assertThat(u.error()).contains("is damaged or truncated after"));
        long evaluable = utterances.stream().filter(Utterance::isEvaluable).count();
        assertThat(evaluable).isBetween(1L, 29L);
        assertThat(evaluable + unread.size() + 1).isEqualTo(utterances.size());
    }

    @Test
    void anUnreadableOrMissingTranscriptIsNamedOnItsAudio() {
        Map<String, byte[]> members = new LinkedHashMap<>();
        members.put("LibriSpeech/test-clean/1/10/1-10-0000.flac", bytes("a"));
        members.put(
                "LibriSpeech/test-clean/1/10/1-10.trans.txt",
                new byte[] {
                    '1', '-', '1', '0', '-', '0', '0', '0', '0', ' ', 'A', '\n', (byte) 0xff
                });
        members.put("LibriSpeech/test-clean/1/11/1-11-0000.flac", bytes("b")); // no transcript
        Path archive = TarGzFixtures.write(members, dir.resolve("bad.tar.gz"));
        String prefix = archive.toUri() + "!LibriSpeech/";
        String unreadable = prefix + "test-clean/1/10/1-10.trans.txt:2: not valid UTF-8 text";

        Map<String, Utterance> byId = byId(read(archive, List.of()));

        assertThat(byId)
                .containsOnlyKeys(
                        prefix + "test-clean/1/10/1-10.trans.txt:2", "1-10-0000", "1-11-0000");
        assertThat(byId.get(prefix + "test-clean/1/10/1-10.trans.txt:2").error())
                .isEqualTo(unreadable);
        assertThat(byId.get("1-10-0000").error())
                .isEqualTo(
                        "no reference for 1-10-0000: its transcript could not be read: "
                                + unreadable);
        assertThat(byId.get("1-11-0000").error())
                .isEqualTo(
                        "no reference for 1-11-0000: the archive has no transcript member "
                                + prefix
                                + "test-clean/1/11/1-11.trans.txt");
    }

    @Test
    void audioWhoseTranscriptLiesAfterTheDamageSaysSo() throws IOException {
        Map<String, byte[]> members = new LinkedHashMap<>();
        members.put("LibriSpeech/test-clean/1/10/1-10-0000.flac", bytes("a"));
        // Incompressible, so that cutting the archive in half cuts this member.
        byte[] noise = new byte[200_000];
        new java.util.Random(1).nextBytes(noise);
        members.put("LibriSpeech/test-clean/1/10/1-10-0001.flac", noise);
        members.put("LibriSpeech/test-clean/1/10/1-10.trans.txt", bytes("1-10-0000 A\n"));
        Path whole = TarGzFixtures.write(members, dir.resolve("whole.tar.gz"));
        Path cut = TarGzFixtures.truncate(whole, 0.5, dir.resolve("cut.tar.gz"));

        Map<String, Utterance> byId = byId(read(cut, List.of()));

        assertThat(byId.get("1-10-0000").error())
                .isEqualTo(
                        "no reference for 1-10-0000: transcript member "
                                + cut.toUri()
                                + "!LibriSpeech/test-clean/1/10/1-10.trans.txt is not in the"
                                + " readable part of the damaged archive");
        assertThat(byId).hasSize(2); // and the row that says where the archive broke
    }

    @Test
    void aLinkMemberFailsNamingItsTargetAndReadingGoesOn() throws IOException {
        // tar keeps symbolic links (and repeated hard links) as members without bytes: a tree of
        // links to the corpus, packed without --dereference, has no audio or text in them.
        Path archive = dir.resolve("links.tar");
        try (TarArchiveOutputStream tar =
                new TarArchiveOutputStream(Files.newOutputStream(archive))) {
            file(
                    tar,
                    "LibriSpeech/test-clean/1/10/1-10.trans.txt",
                    "1-10-0000 A\n1-10-0001 B\n1-10-0002 C\n");
            file(tar, "LibriSpeech/test-clean/1/10/1-10-0000.flac", "a");
            link(
                    tar,
                    "LibriSpeech/test-clean/1/10/1-10-0001.flac",
                    TarConstants.LF_SYMLINK,
                    "/corpus/1-10-0001.flac");
            link(
                    tar,
                    "LibriSpeech/test-clean/1/10/1-10-0002.flac",
                    TarConstants.LF_LINK,
                    "LibriSpeech/test-clean/1/10/1-10-0000.flac");
            link(
                    tar,
                    "LibriSpeech/test-clean/1/11/1-11.trans.txt",
                    TarConstants.LF_SYMLINK,
                    "/corpus/1-11.trans.txt");
            file(tar, "LibriSpeech/test-clean/1/11/1-11-0000.flac", "b");
        }
        String prefix = archive.toUri() + "!LibriSpeech/test-clean/1/";
        String advice =
                ", not a file; archives are read as one stream, so the archive must hold the file"
                        + " itself (GNU tar: --dereference --hard-dereference)";

        Map<String, Utterance> byId = byId(read(archive, List.of()));

        assertThat(byId)
                .containsOnlyKeys(
                        "1-10-0000",
                        "1-10-0001",
                        "1-10-0002",
                        "1-11-0000",
                        prefix + "11/1-11.trans.txt");
        assertThat(byId.get("1-10-0000").isEvaluable()).isTrue();
        assertThat(byId.get("1-10-0001").error())
                .isEqualTo(
                        prefix
                                + "10/1-10-0001.flac is a symbolic link to /corpus/1-10-0001.flac"
                                + advice);
        assertThat(byId.get("1-10-0002").error())
                .isEqualTo(
                        prefix
                                + "10/1-10-0002.flac is a hard link to"
                                + " LibriSpeech/test-clean/1/10/1-10-0000.flac"
                                + advice);
        String transcriptLink =
                prefix + "11/1-11.trans.txt is a symbolic link to /corpus/1-11.trans.txt" + advice;
        assertThat(byId.get(prefix + "11/1-11.trans.txt").error()).isEqualTo(transcriptLink);
        assertThat(byId.get("1-11-0000").error())
                .isEqualTo(
                        "no reference for 1-11-0000: its transcript could not be read: "
                                + transcriptLink);
    }

    private static void file(TarArchiveOutputStream tar, String name, String content)
            throws IOException {
        byte[] bytes = bytes(content);
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(bytes.length);
        tar.putArchiveEntry(entry);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

    private static void link(TarArchiveOutputStream tar, String name, byte kind, String target)
            throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, kind);
        entry.setLinkName(target);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    @Test
    void aFileThatIsNotAnArchiveIsOneFailedUtterance() throws IOException {
        Path bogus = Files.writeString(dir.resolve("bogus.tar.gz"), "not gzip");

        assertThat(read(bogus, List.of()))
                .singleElement()
                .satisfies(
                        u ->
                                assertThat(u.error())
                                        .startsWith("Cannot open archive " + bogus.toUri()));
    }

    @Test
    void aMissingArchiveIsOneFailedUtterance() {
        Path missing = dir.resolve("missing.tar.gz");

        assertThat(read(missing, List.of()))
                .singleElement()
                .satisfies(
                        u ->
                                assertThat(u.error())
                                        .startsWith("Cannot open archive " + missing.toUri()));
    }

    @ParameterizedTest(name = "connection lost at {0} of the file")
    @ValueSource(doubles = {0, 0.5, 0.9})
    void aFileSystemFailureFailsTheTaskInsteadOfEndingTheArchive(double dropAt) throws IOException {
        Path archive =
                TarGzFixtures.packSplit(
                        TarGzFixtures.SAMPLES,
                        "test-other",
                        Comparator.naturalOrder(),
                        dir.resolve("whole.tar.gz"));
        InputFile file =
                new InputFile(FlakyFileSystem.uri(archive), Files.size(archive), InputKind.TAR_GZ);
        Configuration conf = FlakyFileSystem.conf((long) (Files.size(archive) * dropAt));

        // Both passes meet the failure, the first as the archive is opened.
        assertThatThrownBy(
                        () -> {
                            try (LibriSpeechArchiveReader reader =
                                    LibriSpeechArchiveReader.open(conf, file, List.of())) {
                                reader.forEachRemaining(u -> {});
                            }
                        })
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageStartingWith("Cannot read archive " + file.uri())
                .hasMessageEndingWith("Connection reset");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
