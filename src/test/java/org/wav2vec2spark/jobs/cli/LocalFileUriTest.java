package org.wav2vec2spark.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.wav2vec2spark.jobs.executor.ModelLocation;

import java.nio.file.Path;

class LocalFileUriTest {

    @Test
    void isAbsoluteAndNormalised() {
        assertThat(LocalFileUri.of("/opt/w2v/conf/../runs/x")).isEqualTo("file:/opt/w2v/runs/x");
        assertThat(LocalFileUri.of("runs/x"))
                .isEqualTo("file:" + Path.of("runs/x").toAbsolutePath());
    }

    @Test
    void readsBackAsTheSameLocalPathWithSpacesAndPercentSigns() {
        Path odd = Path.of("/tmp/a b/100%/c#1").toAbsolutePath();

        assertThat(ModelLocation.localPath(LocalFileUri.of(odd.toString()))).isEqualTo(odd);
    }
}
