package org.wav2vec2spark.jobs.output;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/** What a job says when its output cannot be written. */
class OutputWriteExceptionTest {

    @Test
    void aDeniedFileIsSaidToBeDeniedNotOnlyNamed() {
        // The JDK's message is the path alone: "Cannot write the output out: /data/.out.lock".
        IOException denied = new AccessDeniedException("/data/.out.lock");

        assertThat(OutputWriteException.of("out", denied))
                .hasMessage("Cannot write the output out: /data/.out.lock: permission denied")
                .hasCause(denied);
        assertThat(OutputWriteException.of("out", new NoSuchFileException("/data/x")))
                .hasMessage("Cannot write the output out: /data/x (NoSuchFileException)");
    }

    @Test
    void aMessageThatSaysWhyIsKeptAsItIs() {
        IOException full = new FileNotFoundException("/data/x (No space left on device)");
        OutputWriteException once = OutputWriteException.of("out", full);

        assertThat(once)
                .hasMessage("Cannot write the output out: /data/x (No space left on device)");
        assertThat(OutputWriteException.of("other", once)).isSameAs(once);
    }
}
