package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wav2vec2spark.model.ModelLoadException;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The driver's reading of a model directory on a remote file system, through local copies of its
 * small files: what it reads, and that errors name the directory's own files.
 */
class ModelSourceTest {

    @TempDir Path tmp;

    @Test
    void readsARemoteDirectorysTokenizerSettings() throws IOException {
        Path model = copyOfBundledModel();
        Files.writeString(model.resolve("tokenizer_config.json"), "{\"do_lower_case\": true}");

        ModelSource source = ModelSource.resolve(conf(), remote(model));

        assertThat(source.location().uri()).startsWith("remotefs:");
        assertThat(source.vocabulary(conf()).settings().doLowerCase()).isTrue();
    }

    @Test
    void aBrokenModelJsonIsNamedAsTheRemoteFileNotItsLocalCopy() throws IOException {
        Path model = copyOfBundledModel();
        Files.writeString(model.resolve("model.json"), "{\"format\": 1}");

        assertThatThrownBy(() -> ModelSource.resolve(conf(), remote(model)))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageStartingWith("remotefs:" + model + "/model.json: ");
    }

    private Path copyOfBundledModel() throws IOException {
        return SampleData.copyModelTo(tmp.resolve("model"));
    }

    private static String remote(Path directory) {
        return "remotefs://" + directory;
    }

    private static Configuration conf() {
        Configuration conf = new Configuration(false);
        conf.set("fs.remotefs.impl", RemoteFileSystem.class.getName());
        conf.setBoolean("fs.remotefs.impl.disable.cache", true);
        return conf;
    }

    /** The local file system under the scheme {@code remotefs}, so the driver reads it remotely. */
    public static final class RemoteFileSystem extends RawLocalFileSystem {
        @Override
        public URI getUri() {
            return URI.create("remotefs:///");
        }

        @Override
        public String getScheme() {
            return "remotefs";
        }
    }
}
