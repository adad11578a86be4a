package org.wav2vec2spark.jobs.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.junit.jupiter.api.Test;
import org.wav2vec2spark.data.InputFile;
import org.wav2vec2spark.data.InputKind;
import org.wav2vec2spark.data.Recording;

import java.net.URI;
import java.util.List;
import java.util.Set;

/**
 * Which failures to open an input are that input's failed recording, and which end the task: the
 * rows themselves are checked in {@link TranscribePartitionFunctionTest}.
 */
class InputRecordingsTest {

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
                        Set::of,
                        () -> true);

        assertThatThrownBy(recordings::next)
                .isInstanceOf(RuntimeException.class)
                .hasMessageContaining("Class org.example.NoSuchFileSystem not found");
    }

    private static InputRecordings recordings(InputFile... files) {
        return new InputRecordings(List.of(files).iterator(), conf(), Set::of, () -> false);
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
