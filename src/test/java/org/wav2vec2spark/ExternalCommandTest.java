package org.wav2vec2spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExternalCommandTest {

    @Test
    void returnsStdoutAndStderrMerged() throws Exception {
        assertThat(ExternalCommand.run("sh", "-c", "echo out; echo err >&2"))
                .contains("out\n")
                .contains("err\n");
    }

    @Test
    void aNonZeroExitFailsWithTheCommandAndItsOutput() {
        assertThatThrownBy(
                        () ->
                                ExternalCommand.run(
                                        "sh", "-c", "echo cannot read x.flac >&2; exit 3"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("sh -c echo cannot read x.flac >&2; exit 3 exited with 3")
                .hasMessageContaining("cannot read x.flac");
    }

    @Test
    void exitCodeReportsAFailureWithoutFailingTheTest() {
        assertThat(ExternalCommand.exitCode(java.util.List.of("sh", "-c", "exit 5"))).isEqualTo(5);
    }

    @Test
    void aMissingToolFailsSayingWhatToInstall() {
        assertThatThrownBy(() -> ExternalCommand.run("no-such-tool-w2v", "--version"))
                .isInstanceOf(AssertionError.class)
                .hasMessage(
                        "cannot run 'no-such-tool-w2v': install it (Debian package"
                                + " no-such-tool-w2v) and put it on PATH");
    }
}
