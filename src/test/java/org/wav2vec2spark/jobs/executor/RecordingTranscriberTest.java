package org.wav2vec2spark.jobs.executor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.wav2vec2spark.ctc.CtcGreedyDecoder;
import org.wav2vec2spark.ctc.Vocabulary;
import org.wav2vec2spark.data.Recording;
import org.wav2vec2spark.model.ChunkPlanner;
import org.wav2vec2spark.model.ChunkedPredictor;

import java.util.List;
import java.util.stream.Stream;

/** One recording at a time, with fake models: failures, and the messages they carry. */
class RecordingTranscriberTest {

    private static final String ARCHIVE = "hdfs://nn/audio/test-clean.tar.gz";
    private static final String MEMBER = "LibriSpeech/test-clean/1/2/1-2-0003.flac";
    private static final String FILE = "hdfs://nn/audio/1-2-0003.flac";
    private static final Vocabulary VOCABULARY = Vocabulary.of(List.of("<pad>", "|", "A", "B"));

    static Stream<Arguments> readErrors() {
        String damaged =
                "Archive "
                        + ARCHIVE
                        + " is damaged or truncated after 3 member(s), at "
                        + MEMBER
                        + ": Truncated TAR archive";
        return Stream.of(
                // source, member, the reader's error, the row's error
                Arguments.of(FILE, null, "Connection refused", FILE + ": Connection refused"),
                Arguments.of(
                        ARCHIVE,
                        MEMBER,
                        "java.io.EOFException",
                        ARCHIVE + "!" + MEMBER + ": java.io.EOFException"),
                // Already naming the recording: as it was.
                Arguments.of(
                        FILE,
                        null,
                        "Cannot read " + FILE + ": Connection refused",
                        "Cannot read " + FILE + ": Connection refused"),
                Arguments.of(ARCHIVE, MEMBER, damaged, damaged));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("readErrors")
    void aReadErrorNamesTheRecordingOnce(
            String source, String member, String readError, String expected) {
        TranscriptionResult result =
                transcriber().transcribe(new Recording(source, member, null, readError));

        assertThat(result.transcript()).isNull();
        assertThat(result.error()).isEqualTo(expected);
    }

    @Test
    void anUnexpectedExceptionIsLedByTheRecording() {
        // Neither bytes nor an error: the decoder's NullPointerException does not name the file.
        Recording recording = new Recording(ARCHIVE, MEMBER, null, null);

        TranscriptionResult result = transcriber().transcribe(recording);

        assertThat(result.transcript()).isNull();
        assertThat(result.error()).startsWith(ARCHIVE + "!" + MEMBER + ": ");
    }

    @Test
    void aDecodingErrorThatNamesTheRecordingIsNotPrefixedAgain() {
        Recording recording = new Recording(ARCHIVE, MEMBER, new byte[] {'f', 'L', 'a', 'C'}, null);

        TranscriptionResult result = transcriber().transcribe(recording);

        // AudioReader names the recording it was given.
        assertThat(result.error()).startsWith(ARCHIVE + "!" + MEMBER + ": truncated");
        assertThat(result.error().split(java.util.regex.Pattern.quote(MEMBER), -1)).hasSize(2);
    }

    private static RecordingTranscriber transcriber() {
        return new RecordingTranscriber(
                new ChunkedPredictor(
                        audio -> {
                            throw new AssertionError("no audio should reach the model");
                        },
                        ChunkPlanner.fromSeconds(30, 5, 16_000, 320),
                        960_000,
                        true),
                new CtcGreedyDecoder(VOCABULARY),
                null);
    }
}
