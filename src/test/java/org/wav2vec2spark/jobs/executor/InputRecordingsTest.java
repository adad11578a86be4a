package org.wav2vec2spark.jobs.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static java.nio.charset.StandardCharsets.UTF_8;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wav2vec2spark.ExternalCommand;
import org.wav2vec2spark.data.FlakyFileSystem;
import org.wav2vec2spark.data.InputFile;
import org.wav2vec2spark.data.InputKind;
import org.wav2vec2spark.data.Recording;
import org.wav2vec2spark.data.TarGzFixtures;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which failures to open an input are that input's failed recording, and which end the task: the
 * rows themselves are checked in {@link TranscribePartitionFunctionTest}.
 */
class InputRecordingsTest {
    @TempDir Path temp;

    @Test
    void anUncheckedFailureIsTheInputsErrorAndTheNextInputIsStillRead() {
        InputRecordings recordings =
                recordings(
                        new InputFile("nojar://host/a.flac", 1, InputKind.AUDIO),
                        new InputFile("nojar://host/b.tar", 1, InputKind.TAR));

        Recording first = recordings.next();
        Recording second = recordings.next();

        assertThat(first.source()).isEqualTo("nojar://host/a.flac");
        assertThat(first.error()).contains("Class org.example.NoSuchFileSystem not found");
        assertThat(second.source()).isEqualTo("nojar://host/b.tar");
        assertThat(second.error()).contains("Class org.example.NoSuchFileSystem not found");
        assertThat(recordings.hasNext()).isFalse();
    }

    @Test
    void anErrorIsNotCaught() {
        InputRecordings recordings =
                recordings(new InputFile("oom://host/a.flac", 1, InputKind.AUDIO));

        assertThatThrownBy(recordings::next)
                .isInstanceOf(OutOfMemoryError.class)
                .hasMessage("Java heap space");
    }

    @Test
    void aFailureInATaskSparkKilledEndsTheTaskInsteadOfBlamingTheInput() {
        InputRecordings recordings =
                new InputRecordings(
                        List.of(new InputFile("nojar://host/a.flac", 1, InputKind.AUDIO))
                                .iterator(),
                        conf(),
                        () -> RecordingKeySet.EMPTY,
                        () -> true,
                        true);

        assertThatThrownBy(recordings::next)
                .isInstanceOf(RuntimeException.class)
                .hasMessageContaining("Class org.example.NoSuchFileSystem not found");
    }

    @Test
    void aMissingInputIsAFailedRecordingAndTheNextInputIsStillRead() throws IOException {
        Path missing = temp.resolve("missing.flac");
        Path missingArchive = temp.resolve("missing.tar.gz");
        Path present = Files.write(temp.resolve("b.flac"), new byte[] {1, 2, 3});

        List<Recording> read = new ArrayList<>();
        recordings(
                        new InputFile(missing.toUri().toString(), 1, InputKind.AUDIO),
                        new InputFile(missingArchive.toUri().toString(), 1, InputKind.TAR_GZ),
                        new InputFile(present.toUri().toString(), 3, InputKind.AUDIO))
                .forEachRemaining(read::add);

        assertThat(read).hasSize(3);
        assertThat(read.get(0).error()).contains(missing.toUri().toString());
        assertThat(read.get(1).error()).startsWith("Cannot open archive " + missingArchive.toUri());
        assertThat(read.get(2).bytes()).containsExactly(1, 2, 3);
    }

    @Test
    void aFileSystemFailureReadingAFileEndsTheTaskForSparkToRetry() throws IOException {
        Path flac = Files.write(temp.resolve("a.flac"), new byte[1000]);
        InputRecordings recordings =
                new InputRecordings(
                        List.of(new InputFile(FlakyFileSystem.uri(flac), 1000, InputKind.AUDIO))
                                .iterator(),
                        FlakyFileSystem.conf(500),
                        () -> RecordingKeySet.EMPTY,
                        () -> false,
                        false);

        assertThatThrownBy(recordings::next)
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("Cannot read " + FlakyFileSystem.uri(flac) + ": Connection reset");
    }

    @Test
    void aFileSystemFailureInsideAnArchiveEndsTheTaskForSparkToRetry() throws IOException {
        Map<String, byte[]> members = new LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            members.put("d/" + i + ".flac", new byte[3000]);
        }
        Path tar = Files.write(temp.resolve("a.tar"), TarGzFixtures.tar(members));
        InputRecordings recordings =
                new InputRecordings(
                        List.of(
                                        new InputFile(
                                                FlakyFileSystem.uri(tar),
                                                Files.size(tar),
                                                InputKind.TAR))
                                .iterator(),
                        FlakyFileSystem.conf(8000), // in the third member
                        () -> RecordingKeySet.EMPTY,
                        () -> false,
                        false);

        assertThat(recordings.next().member()).isEqualTo("d/0.flac");
        assertThat(recordings.next().member()).isEqualTo("d/1.flac");
        assertThatThrownBy(recordings::hasNext)
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageStartingWith("Cannot read archive " + FlakyFileSystem.uri(tar))
                .hasMessageEndingWith("Connection reset");
        recordings.close();
    }

    @Test
    void onTheLastTryAFileTheFileSystemFailsToGiveIsAFailedRecordingAndTheNextIsRead()
            throws IOException {
        Path broken = Files.write(temp.resolve("a.flac"), new byte[1000]);
        Path whole = Files.write(temp.resolve("b.flac"), new byte[] {1, 2, 3});

        List<Recording> read = new ArrayList<>();
        onLastTry(
                        FlakyFileSystem.conf(500),
                        new InputFile(FlakyFileSystem.uri(broken), 1000, InputKind.AUDIO),
                        new InputFile(FlakyFileSystem.uri(whole), 3, InputKind.AUDIO))
                .forEachRemaining(read::add);

        assertThat(read).hasSize(2);
        assertThat(read.get(0).source()).isEqualTo(FlakyFileSystem.uri(broken));
        assertThat(read.get(0).bytes()).isNull();
        assertThat(read.get(0).error())
                .isEqualTo(
                        "Cannot read "
                                + FlakyFileSystem.uri(broken)
                                + ": Connection reset (on the task's last try, so this is a failed"
                                + " row and the run goes on; a rerun into the same --output reads"
                                + " what was not transcribed)");
        assertThat(read.get(1).bytes()).containsExactly(1, 2, 3);
    }

    @Test
    void onTheLastTryAnArchiveTheFileSystemStopsGivingIsAFailedRowAfterItsMembersSoFar()
            throws IOException {
        Map<String, byte[]> members = new LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            members.put("d/" + i + ".flac", new byte[3000]);
        }
        Path tar = Files.write(temp.resolve("a.tar"), TarGzFixtures.tar(members));
        Path whole = Files.write(temp.resolve("b.flac"), new byte[] {1, 2, 3});

        List<Recording> read = new ArrayList<>();
        onLastTry(
                        FlakyFileSystem.conf(8000), // in the third member
                        new InputFile(FlakyFileSystem.uri(tar), Files.size(tar), InputKind.TAR),
                        new InputFile(FlakyFileSystem.uri(whole), 3, InputKind.AUDIO))
                .forEachRemaining(read::add);

        assertThat(read)
                .extracting(Recording::member)
                .containsExactly("d/0.flac", "d/1.flac", null, null);
        Recording archiveRow = read.get(2);
        assertThat(archiveRow.source()).isEqualTo(FlakyFileSystem.uri(tar));
        assertThat(archiveRow.error())
                .startsWith(
                        "Cannot read archive " + FlakyFileSystem.uri(tar) + " after 3 member(s)")
                .endsWith(
                        "Connection reset (on the task's last try, so this is a failed row and the"
                                + " run goes on; a rerun into the same --output reads what was not"
                                + " transcribed)");
        assertThat(read.get(3).bytes()).containsExactly(1, 2, 3);
    }

    @Test
    void onTheLastTryAFailureInATaskSparkKilledStillEndsTheTask() throws IOException {
        Path broken = Files.write(temp.resolve("a.flac"), new byte[1000]);
        InputRecordings recordings =
                new InputRecordings(
                        List.of(new InputFile(FlakyFileSystem.uri(broken), 1000, InputKind.AUDIO))
                                .iterator(),
                        FlakyFileSystem.conf(500),
                        () -> RecordingKeySet.EMPTY,
                        () -> true,
                        true);

        assertThatThrownBy(recordings::next)
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("Cannot read " + FlakyFileSystem.uri(broken) + ": Connection reset");
    }

    private static InputRecordings onLastTry(Configuration conf, InputFile... files) {
        return new InputRecordings(
                List.of(files).iterator(), conf, () -> RecordingKeySet.EMPTY, () -> false, true);
    }

    @Test
    void aSecondMemberOfTheSameNameInAnArchiveIsAFailedRecording() throws IOException {
        // tar -r appends a new version of d/a.flac; tar would extract that one, the stream has
        // read the first. Another archive may hold a member of the same name.
        Path dir = Files.createDirectories(temp.resolve("files/d"));
        Files.writeString(dir.resolve("a.flac"), "first");
        Files.writeString(dir.resolve("b.flac"), "b");
        Path appended = temp.resolve("appended.tar");
        Path other = temp.resolve("other.tar");
        tar("-cf", appended, "d/a.flac", "d/b.flac");
        tar("-cf", other, "d/a.flac");
        Files.writeString(dir.resolve("a.flac"), "replaced");
        tar("-rf", appended, "d/a.flac");

        List<Recording> read = new ArrayList<>();
        recordings(archive(appended), archive(other)).forEachRemaining(read::add);

        assertThat(read)
                .extracting(Recording::name)
                .containsExactly(
                        appended.toUri() + "!d/a.flac",
                        appended.toUri() + "!d/b.flac",
                        appended.toUri() + "!d/a.flac",
                        other.toUri() + "!d/a.flac");
        assertThat(read.get(0).bytes()).asString(UTF_8).isEqualTo("first");
        assertThat(read.get(2).bytes()).isNull();
        assertThat(read.get(2).error())
                .isEqualTo(
                        appended.toUri()
                                + "!d/a.flac is a second member of that name (an archive appended"
                                + " to with tar -r or tar -u keeps every version, and tar extracts"
                                + " the last); this output keeps what the first copy gave, and a"
                                + " rerun into it skips the name: repack the archive so that it"
                                + " holds each file once, and transcribe it into a new --output");
        assertThat(read).filteredOn(r -> r.error() != null).hasSize(1);
    }

    private void tar(String mode, Path archive, String... members) {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                "tar",
                                "-C",
                                temp.resolve("files").toString(),
                                mode,
                                archive.toString()));
        command.addAll(List.of(members));
        ExternalCommand.run(command);
    }

    private static InputFile archive(Path tar) throws IOException {
        return new InputFile(tar.toUri().toString(), Files.size(tar), InputKind.TAR);
    }

    private static InputRecordings recordings(InputFile... files) {
        return new InputRecordings(
                List.of(files).iterator(), conf(), () -> RecordingKeySet.EMPTY, () -> false, false);
    }

    private static Configuration conf() {
        Configuration conf = new Configuration();
        // nojar: a file system whose jar is missing, as s3a: without hadoop-aws.
        conf.set("fs.nojar.impl", "org.example.NoSuchFileSystem");
        conf.set("fs.oom.impl", OutOfMemoryFileSystem.class.getName());
        conf.setBoolean("fs.oom.impl.disable.cache", true);
        return conf;
    }

    /** Runs out of memory when asked about any file. */
    public static final class OutOfMemoryFileSystem extends RawLocalFileSystem {
        @Override
        public URI getUri() {
            return URI.create("oom://host/");
        }

        @Override
        public FileStatus getFileStatus(org.apache.hadoop.fs.Path path) {
            throw new OutOfMemoryError("Java heap space");
        }
    }
}
