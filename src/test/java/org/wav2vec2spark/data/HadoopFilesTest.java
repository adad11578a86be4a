package org.wav2vec2spark.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static java.nio.charset.StandardCharsets.UTF_8;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

class HadoopFilesTest {
    private static final Configuration CONF = new Configuration();

    @TempDir Path dir;

    @Test
    void fileOverOneArrayIsRefusedNamingItsSizeBeforeReading() throws IOException {
        Path huge = dir.resolve("huge.flac");
        long length = Integer.MAX_VALUE + 1L; // 2 GiB, sparse: no disk is used
        try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(length);
        }

        assertThatThrownBy(() -> HadoopFiles.readAllBytes(CONF, huge.toString()))
                .isInstanceOf(IOException.class)
                .hasMessage(
                        "Cannot read "
                                + huge
                                + " into memory: it holds "
                                + length
                                + " bytes, more than the "
                                + HadoopFiles.MAX_ARRAY_BYTES
                                + " one Java array can hold");
    }

    @Test
    void readAndCopyGiveTheFileBytes() throws IOException {
        byte[] bytes = new byte[200_003]; // many transfer buffers, the last one partial
        new Random(7).nextBytes(bytes);
        Path file = dir.resolve("model.json");
        Files.write(file, bytes);
        ByteArrayOutputStream copied = new ByteArrayOutputStream();

        long count = HadoopFiles.copy(CONF, file.toString(), copied);

        assertThat(count).isEqualTo(bytes.length);
        assertThat(copied.toByteArray()).isEqualTo(Files.readAllBytes(file));
        assertThat(HadoopFiles.readAllBytes(CONF, file.toString()))
                .isEqualTo(Files.readAllBytes(file));
    }

    @Test
    void aLocalFileWithAColonInItsNameIsRead() throws IOException {
        // Hadoop's checksumming local file system built ".<name>.crc" as a path and failed with
        // "Relative path in absolute URI" for such a name, as recorders write them.
        Path file = Files.write(dir.resolve("2024-05-01T10:00.flac"), new byte[] {1, 2, 3});
        String listed = new org.apache.hadoop.fs.Path(file.toUri()).toString();
        ByteArrayOutputStream copied = new ByteArrayOutputStream();

        HadoopFiles.copy(CONF, listed, copied);

        assertThat(HadoopFiles.readAllBytes(CONF, listed)).containsExactly(1, 2, 3);
        assertThat(copied.toByteArray()).containsExactly(1, 2, 3);
    }

    @Test
    void aLocalFileWithAColonInItsNameIsWrittenAndReplaced() throws IOException {
        // A history or report named with a time: the temporary and checksum files' names were
        // built as Hadoop paths, and "Relative path in absolute URI" was all the job said.
        Path file = dir.resolve("history-2026-12-03T15:00.jsonl");

        HadoopFiles.writeAtomically(CONF, file.toString(), "first\n".getBytes(UTF_8));
        HadoopFiles.writeAtomically(CONF, file.toString(), "second\n".getBytes(UTF_8));

        assertThat(Files.readString(file)).isEqualTo("second\n");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aChecksumFileAnEarlierWriteLeftIsRemovedWithTheContentItDescribed() throws IOException {
        Path file = dir.resolve("summary.json");
        LocalFileSystem checksummed = FileSystem.getLocal(CONF);
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(file.toUri());
        try (FSDataOutputStream out = checksummed.create(path)) {
            out.write("{\"old\": true}".getBytes(UTF_8));
        }
        assertThat(dir.resolve(".summary.json.crc")).exists();

        HadoopFiles.writeAtomically(CONF, file.toString(), "{\"new\": true}".getBytes(UTF_8));

        // Hadoop's own reader (Spark's too) checks a checksum file it finds, and the old one's
        // would fail the new content.
        assertThat(dir.resolve(".summary.json.crc")).doesNotExist();
        try (FSDataInputStream in = checksummed.open(path)) {
            assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("{\"new\": true}");
        }
    }

    @Test
    void aLocationHadoopCannotParseIsNamedWithItsOption() {
        assertThat(HadoopFiles.pathOf("--input", "/data/a b#1.flac").getName())
                .isEqualTo("a b#1.flac");
        assertThatThrownBy(() -> HadoopFiles.pathOf("--input", "file:recordings/a.flac"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "--input file:recordings/a.flac: not a path Hadoop can read (Relative path"
                                + " in absolute URI: file:recordings/a.flac)");
        assertThatThrownBy(() -> HadoopFiles.pathOf("--history", "at 10:00/history.jsonl"))
                .hasMessageStartingWith(
                        "--history at 10:00/history.jsonl: not a path Hadoop can read (");
    }

    @Test
    void aTildeTheShellLeftAsItIsIsRefused() {
        // --output=~/runs wrote ./~/runs without a word, and nightly said "recorded in ~/h.jsonl".
        for (String location : List.of("~/runs", "~", "~alice/runs")) {
            assertThatThrownBy(() -> HadoopFiles.pathOf("--output", location))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(
                            "--output "
                                    + location
                                    + ": the shell did not expand '~' (it does not after '=' or"
                                    + " in quotes); give the path from / or $HOME");
        }
        assertThat(HadoopFiles.pathOf("--output", "runs/~draft").getName()).isEqualTo("~draft");
        assertThat(HadoopFiles.pathOf("--output", "/data/~/x").getName()).isEqualTo("x");
    }

    @Test
    void missingFileIsNamed() {
        String missing = dir.resolve("missing.json").toString();

        assertThatThrownBy(() -> HadoopFiles.readAllBytes(CONF, missing))
                .hasMessageStartingWith("Cannot read " + missing + ": ");
        assertThatThrownBy(() -> HadoopFiles.copy(CONF, missing, new ByteArrayOutputStream()))
                .hasMessageStartingWith("Cannot copy " + missing + ": ");
    }

    @Test
    void sha256StreamedOverManyBuffersEqualsTheHashOfTheWholeFile() throws Exception {
        byte[] bytes = new byte[200_003]; // many transfer buffers, the last one partial
        new Random(7).nextBytes(bytes);
        Path file = dir.resolve("large.bin");
        Files.write(file, bytes);

        assertThat(HadoopFiles.sha256(new Configuration(), file.toString()))
                .isEqualTo(
                        HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
    }

    @Test
    void sha256OfAMissingFileNamesIt() {
        String missing = dir.resolve("absent.txt").toString();

        assertThatThrownBy(() -> HadoopFiles.sha256(new Configuration(), missing))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(missing);
    }

    @Test
    void aLocationNoFileSystemServesIsRefusedNamingTheOptionAndTheLocation() {
        Configuration conf = new Configuration();

        assertThatThrownBy(
                        () ->
                                HadoopFiles.fileSystemOf(
                                        conf,
                                        new org.apache.hadoop.fs.Path("s3://bucket/LibriSpeech"),
                                        "--data"))
                .isInstanceOf(IOException.class)
                .hasMessage(
                        "--data s3://bucket/LibriSpeech: cannot open its file system: No"
                                + " FileSystem for scheme \"s3\" (Amazon S3 is read as s3a://,"
                                + " with hadoop-aws on the classpath)");
        assertThatThrownBy(
                        () ->
                                HadoopFiles.fileSystemOf(
                                        conf,
                                        new org.apache.hadoop.fs.Path("gs://bucket/m"),
                                        "--model"))
                .hasMessageStartingWith("--model gs://bucket/m: cannot open its file system: ")
                .hasMessageEndingWith(
                        " (the file system's connector, and what it needs, must be on the"
                                + " driver's and the executors' classpath: spark-submit --jars or"
                                + " --packages)");
        // A mistyped host is not a missing connector: no hint that would send the user astray.
        assertThatThrownBy(
                        () ->
                                HadoopFiles.fileSystemOf(
                                        conf,
                                        new org.apache.hadoop.fs.Path("hdfs://no-such-namenode/x"),
                                        "--data"))
                .hasMessageStartingWith("--data hdfs://no-such-namenode/x: cannot open its file")
                .hasMessageNotContaining("classpath");
    }
}
