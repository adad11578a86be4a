package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * The digest of a model directory: one copy per distinct set of files, whatever the directory's
 * path.
 */
class ModelFilesDigestTest {

    @TempDir Path tmp;

    @Test
    void directoriesWithTheSameFilesShareAKey() throws IOException {
        assertThat(digestOf(copyOfBundledModel("a"))).isEqualTo(digestOf(copyOfBundledModel("b")));
    }

    @Test
    void anotherVocabularyWithTheSameTorchScriptGetsItsOwnKey() throws IOException {
        Path upper = copyOfBundledModel("upper");
        Path lower = copyOfBundledModel("lower");
        Path vocab = lower.resolve("vocab.json");
        Files.writeString(vocab, Files.readString(vocab).replace("\"E\"", "\"e\""));

        assertThat(digestOf(lower)).isNotEqualTo(digestOf(upper));
    }

    @Test
    void anAddedTokenizerFileChangesTheKey() throws IOException {
        Path plain = copyOfBundledModel("plain");
        Path configured = copyOfBundledModel("configured");
        Files.writeString(configured.resolve("tokenizer_config.json"), "{\"do_lower_case\": true}");

        assertThat(digestOf(configured)).isNotEqualTo(digestOf(plain));
    }

    @Test
    void theArchiveEntersByItsStatedChecksumNotItsBytes() throws IOException {
        Path model = copyOfBundledModel("model");
        Configuration conf = new Configuration();
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(model.toUri());

        String stated = ModelFilesDigest.of(conf, path, "model.pt", "aaaa");
        Files.write(model.resolve("model.pt"), new byte[] {1, 2, 3});

        assertThat(ModelFilesDigest.of(conf, path, "model.pt", "aaaa")).isEqualTo(stated);
        assertThat(ModelFilesDigest.of(conf, path, "model.pt", "bbbb")).isNotEqualTo(stated);
    }

    @Test
    void aFileAboveTheContentLimitEntersBySizeAndModificationTime() throws IOException {
        Path model = copyOfBundledModel("large");
        Path weights = model.resolve("extra-weights.bin");
        try (RandomAccessFile file = new RandomAccessFile(weights.toFile(), "rw")) {
            file.setLength(ModelFilesDigest.CONTENT_LIMIT_BYTES + 1);
        }
        Files.setLastModifiedTime(weights, FileTime.fromMillis(1_000_000_000_000L));
        String before = digestOf(model);

        Files.setLastModifiedTime(weights, FileTime.fromMillis(2_000_000_000_000L));

        assertThat(digestOf(model)).isNotEqualTo(before);
    }

    private String digestOf(Path directory) throws IOException {
        return ModelSource.resolve(new Configuration(), directory.toUri().toString())
                .location()
                .filesDigest();
    }

    private Path copyOfBundledModel(String name) throws IOException {
        return SampleData.copyModelTo(tmp.resolve(name));
    }
}
