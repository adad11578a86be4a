package org.wav2vec2spark.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

class EvaluationDataTest {
    @TempDir Path dir;

    @BeforeEach
    void layout() throws IOException {
        Files.createDirectories(dir.resolve("root/test-clean/1/10"));
        Files.writeString(dir.resolve("root/README.TXT"), "x");
        Files.createDirectories(dir.resolve("openslr"));
        Files.writeString(dir.resolve("openslr/test-clean.tar.gz"), "x");
        Files.writeString(dir.resolve("openslr/test-other.tgz"), "x");
        Files.writeString(dir.resolve("openslr/md5sum.txt"), "x");
        Files.createDirectories(dir.resolve("hf/clean/test"));
        Files.writeString(dir.resolve("hf/clean/test/0000.parquet"), "x");
        Files.writeString(dir.resolve("hf/clean/test/_SUCCESS"), "");
    }

    private EvaluationData detect(String... relative) throws IOException {
        String[] uris = new String[relative.length];
        for (int i = 0; i < relative.length; i++) {
            uris[i] = dir.resolve(relative[i]).toString();
        }
        return EvaluationData.detect(new Configuration(), String.join(",", uris));
    }

    @Test
    void locationsAreTheCommaSeparatedEntriesStripped() {
        assertThat(EvaluationData.locations(" s3a://b/clean , /data/other.tar.gz"))
                .containsExactly("s3a://b/clean", "/data/other.tar.gz");
        // An empty entry is kept, for the caller to refuse with the option's name.
        assertThat(EvaluationData.locations("a,,b")).containsExactly("a", "", "b");
    }

    @Test
    void aFolderWithoutArchivesOrParquetIsALibriSpeechRoot() throws IOException {
        assertThat(detect("root").form()).isEqualTo(EvaluationData.Form.FOLDER);
        // A missing root is left to the listing, which says so.
        assertThat(detect("nowhere").form()).isEqualTo(EvaluationData.Form.FOLDER);
    }

    @Test
    void archivesNamedOrInAFolder() throws IOException {
        EvaluationData folder = detect("openslr");
        assertThat(folder.form()).isEqualTo(EvaluationData.Form.ARCHIVES);
        assertThat(folder.archives())
                .extracting(InputFile::kind)
                .containsExactly(InputKind.TAR_GZ, InputKind.TAR_GZ);
        assertThat(detect("openslr/test-clean.tar.gz").archives())
                .singleElement()
                .satisfies(a -> assertThat(a.uri()).endsWith("/openslr/test-clean.tar.gz"));
    }

    @Test
    void parquetNamedOrInAFolder() throws IOException {
        EvaluationData folder = detect("hf/clean/test");
        assertThat(folder.form()).isEqualTo(EvaluationData.Form.PARQUET);
        assertThat(folder.parquetFiles()).singleElement().asString().endsWith("/0000.parquet");
        assertThat(detect("hf/clean/test/0000.parquet").form())
                .isEqualTo(EvaluationData.Form.PARQUET);
    }

    @Test
    void aFileNamedTwiceIsReadOnce() throws IOException {
        // Each copy would be evaluated: every utterance of the file counted twice in the WER.
        assertThat(
                        detect("openslr", "openslr/test-clean.tar.gz", "openslr/./test-other.tgz")
                                .archives())
                .extracting(InputFile::uri)
                .containsExactly(
                        "file:" + dir.resolve("openslr/test-clean.tar.gz"),
                        "file:" + dir.resolve("openslr/test-other.tgz"));
        assertThat(detect("hf/clean/test/0000.parquet", "hf/clean/test").parquetFiles())
                .containsExactly("file:" + dir.resolve("hf/clean/test/0000.parquet"));
    }

    @Test
    void mixedOrUnknownInputsAreRejectedNamingThem() {
        assertThatThrownBy(() -> detect("openslr", "hf/clean/test"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--data mixes forms: 2 archive(s), 1 Parquet file(s)");
        assertThatThrownBy(() -> detect("openslr", "root"))
                .hasMessageContaining("and 1 folder(s) with neither");
        assertThatThrownBy(() -> detect("openslr/md5sum.txt"))
                .hasMessageEndingWith(
                        "md5sum.txt is a file but not an archive or Parquet: expected .tar,"
                                + " .tar.gz, .tgz or .parquet");
        assertThatThrownBy(() -> detect("root", "root"))
                .hasMessageStartingWith("--data takes one LibriSpeech data root, got 2");
        assertThatThrownBy(
                        () -> EvaluationData.detect(new Configuration(), "s3://bucket/LibriSpeech"))
                .hasMessageStartingWith(
                        "--data s3://bucket/LibriSpeech: cannot open its file system");
    }

    @Test
    void aFolderOfArchivesThatAlsoHoldsASplitFolderIsRejectedNamingIt() throws IOException {
        // test-other/ beside test-clean.tar.gz would be passed over: its split lost unseen.
        Files.createDirectories(dir.resolve("openslr/test-other/1/10"));
        Files.createDirectories(dir.resolve("openslr/.cache"));

        assertThatThrownBy(() -> detect("openslr"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "--data "
                                + dir.resolve("openslr")
                                + " holds archives or Parquet files and also the split folder(s)"
                                + " test-other, which would not be read; name the files to read"
                                + " (commas separate several), or the one LibriSpeech root to"
                                + " read instead");
        // Named one by one, the archives are read as before.
        assertThat(detect("openslr/test-clean.tar.gz", "openslr/test-other.tgz").archives())
                .hasSize(2);
    }

    @Test
    void anArchiveInAFormatNotReadBesideTheArchivesIsRejectedNamingIt() throws IOException {
        // test-other.tar.xz beside test-clean.tar.gz: its split would be missing from the run.
        Files.writeString(dir.resolve("openslr/test-other.tar.xz"), "x");
        Files.writeString(dir.resolve("openslr/dev-clean.ZIP"), "x");

        assertThatThrownBy(() -> detect("openslr"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "--data "
                                + dir.resolve("openslr")
                                + " holds dev-clean.ZIP, test-other.tar.xz: archives in a format"
                                + " this job does not read (it reads .tar, .tar.gz, .tgz and"
                                + " .parquet); unpack them or pack them as .tar.gz");
        // Alone, such archives are not taken for a LibriSpeech root that holds nothing.
        Files.createDirectories(dir.resolve("xz"));
        Files.writeString(dir.resolve("xz/test-clean.tar.xz"), "x");
        assertThatThrownBy(() -> detect("xz"))
                .hasMessageStartingWith(
                        "--data " + dir.resolve("xz") + " holds test-clean.tar.xz:");
    }

    @Test
    void aFolderOfParquetFilesBesideParquetIsRejectedWhateverItsName() throws IOException {
        // Hugging Face names its split folders test.other, validation.clean: no LibriSpeech name.
        Files.createDirectories(dir.resolve("hf/clean/test/test.other"));
        Files.writeString(dir.resolve("hf/clean/test/test.other/0000.parquet"), "x");

        assertThatThrownBy(() -> detect("hf/clean/test"))
                .hasMessageContaining(" and also the split folder(s) test.other, which would not");
    }

    @Test
    void otherFoldersBesideTheArchivesAreNotReadButDoNotStopTheRun() throws IOException {
        // LibriSpeech/ unpacked beside the archives it came from: the archives are what is read.
        Files.createDirectories(dir.resolve("openslr/LibriSpeech/test-clean/1/10"));

        assertThat(detect("openslr").archives()).hasSize(2);
    }
}
