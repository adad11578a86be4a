package org.wav2vec2spark.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

class ShellWordTest {

    @Test
    void aPlainPathIsKeptAndAnyOtherIsQuoted() {
        assertThat(ShellWord.of("file:/runs/night-2026_12_02"))
                .isEqualTo("file:/runs/night-2026_12_02");
        assertThat(ShellWord.of("file:/runs/out put#1")).isEqualTo("'file:/runs/out put#1'");
        assertThat(ShellWord.of("")).isEqualTo("''");
        assertThat(ShellWord.of("=ls")).isEqualTo("'=ls'");
    }

    @Test
    void bashReadsTheQuotedWordBackAsTheValue() throws IOException, InterruptedException {
        for (String value :
                List.of(
                        "a=b@c%d+e,f:g/-x.y_z",
                        "out put#1", "it's $HOME `x` \\ \"q\"", "a;b|c&d*e?f[g]~h", "~user")) {
            Process bash =
                    new ProcessBuilder("bash", "-c", "printf %s " + ShellWord.of(value))
                            .redirectErrorStream(true)
                            .start();
            String echoed =
                    new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(bash.waitFor()).isZero();
            assertThat(echoed).isEqualTo(value);
        }
    }
}
