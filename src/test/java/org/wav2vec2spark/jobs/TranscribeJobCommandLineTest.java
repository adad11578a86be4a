package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The transcribe job's command line: exit codes and the messages users see. */
class TranscribeJobCommandLineTest {
    @RegisterExtension final CapturedConsole console = new CapturedConsole();

    @TempDir Path dir;

    @Test
    void sparkThatCannotStartExitsThree() {
        // A mistyped --master used to escape main() as an exception: the JVM's exit status 1,
        // which the README does not list for transcribe.
        int code =
                TranscribeJob.runFromCommandLine(
                        new String[] {
                            "--input", SampleData.ROOT.toString(),
                            "--model", SampleData.MODEL.toString(),
                            "--output", dir.resolve("out").toString(),
                            "--master", "bogus://nowhere"
                        });

        assertThat(code).isEqualTo(JobFailure.EXIT_CODE);
        assertThat(console.err())
                .contains("transcribe: cannot start Spark: ")
                .contains("bogus://nowhere");
        assertThat(dir.resolve("out")).doesNotExist();
    }
}
