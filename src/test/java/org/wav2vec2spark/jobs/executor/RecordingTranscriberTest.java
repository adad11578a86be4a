package org.wav2vec2spark.jobs.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.EngineException;
import ai.djl.translate.TranslateException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.wav2vec2spark.ctc.CtcGreedyDecoder;
import org.wav2vec2spark.ctc.Vocabulary;
import org.wav2vec2spark.data.Recording;
import org.wav2vec2spark.model.BatchPredictor;
import org.wav2vec2spark.model.ChunkPlanner;
import org.wav2vec2spark.model.ChunkedPredictor;
import org.wav2vec2spark.model.DeviceFailureException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/** One recording at a time, with fake models: failures, and the messages they carry. */
class RecordingTranscriberTest {

    private static final String ARCHIVE = "hdfs://nn/audio/test-clean.tar.gz";
    private static final String MEMBER = "LibriSpeech/test-clean/1/2/1-2-0003.flac";
    private static final String FILE = "hdfs://nn/audio/1-2-0003.flac";
    private static final Vocabulary VOCABULARY = Vocabulary.of(List.of("<pad>", "|", "A", "B"));

    /** wav2vec2-large-960h's receptive field: the shortest input that gives a frame. */
    private static final int MINIMUM_SAMPLES = 400;

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

    @ParameterizedTest(name = "{0} samples")
    @ValueSource(ints = {1, MINIMUM_SAMPLES - 1})
    void aRecordingTooShortForOneFrameIsAFailedRowNotAnEmptyTranscript(int samples)
            throws IOException {
        TranscriptionResult result =
                transcriber().transcribe(new Recording(FILE, null, wav(samples), null));

        assertThat(result.transcript()).isNull();
        assertThat(result.durationSeconds()).isEqualTo(samples / 16_000.0);
        assertThat(result.error())
                .isEqualTo(
                        FILE
                                + ": "
                                + samples
                                + String.format(
                                        java.util.Locale.ROOT,
                                        " samples (%.3f s) of audio, shorter than the 400 samples"
                                                + " (0.025 s) the model needs for one frame; is"
                                                + " the file cut short?",
                                        samples / 16_000.0));
    }

    @Test
    void aRecordingOfExactlyOneFrameReachesTheModel() throws IOException {
        List<Integer> lengths = new ArrayList<>();
        BatchPredictor oneBlankFrame =
                inputs -> {
                    inputs.forEach(window -> lengths.add(window.length));
                    return inputs.stream().map(window -> new float[][] {{1, 0, 0, 0}}).toList();
                };

        TranscriptionResult result =
                transcriber(oneBlankFrame)
                        .transcribe(new Recording(FILE, null, wav(MINIMUM_SAMPLES), null));

        assertThat(result.error()).isNull();
        assertThat(result.transcript()).isEmpty();
        assertThat(lengths).containsExactly(MINIMUM_SAMPLES);
    }

    @Test
    void aRecordingThatCannotFitTheHeapIsAFailedRowBeforeItIsDecoded() {
        // Declares 2^31 - 1 samples: 8 GiB as int and 8 GiB as float, over the tests' 4 GiB heap.
        byte[] header = FlacHeaders.headerOnly(1, Integer.MAX_VALUE);

        TranscriptionResult result =
                transcriber().transcribe(new Recording(FILE, null, header, null));

        assertThat(result.transcript()).isNull();
        assertThat(result.error())
                .startsWith(FILE + ": decoding it takes at least 16.0 GiB of heap, more than")
                .contains(
                        "give executors more memory (spark.executor.memory; on the embedded local");
    }

    @Test
    void runningOutOfHeapWhileDecodingFailsThatRecordingAndTheNextGoesOn() throws IOException {
        List<Integer> decoded = new ArrayList<>();
        RecordingTranscriber transcriber =
                new RecordingTranscriber(
                        new ChunkedPredictor(
                                inputs ->
                                        inputs.stream()
                                                .map(window -> new float[][] {{0, 0, 1, 0}})
                                                .toList(),
                                ChunkPlanner.fromSeconds(30, 5, 16_000, 320),
                                960_000,
                                true),
                        new CtcGreedyDecoder(VOCABULARY),
                        null,
                        MINIMUM_SAMPLES,
                        (bytes, name) -> {
                            if (name.endsWith("long.wav")) {
                                throw new OutOfMemoryError("Java heap space");
                            }
                            decoded.add(bytes.length);
                            return new float[16_000];
                        });

        TranscriptionResult tooLong =
                transcriber.transcribe(new Recording("/a/long.wav", null, new byte[3 << 20], null));
        TranscriptionResult next =
                transcriber.transcribe(new Recording("/a/next.wav", null, wav(16_000), null));

        assertThat(tooLong.error())
                .startsWith("/a/long.wav: out of memory decoding its 3.0 MiB (this executor's heap")
                .contains("or cut the recording into parts");
        assertThat(next.error()).isNull();
        assertThat(next.transcript()).isEqualTo("A");
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

    @Test
    void aWindowOutOfMemoryEvenAloneIsAFailedRowForItsRecording() throws Exception {
        List<Integer> callSizes = new ArrayList<>();
        // Runs out of memory on any batch holding a full 30 s window, alone too.
        BatchPredictor smallGpu =
                inputs -> {
                    callSizes.add(inputs.size());
                    if (inputs.stream().anyMatch(window -> window.length >= 30 * 16_000)) {
                        throw new TranslateException(
                                new EngineException(
                                        "CUDA out of memory. Tried to allocate 2.00 GiB"));
                    }
                    return inputs.stream().map(window -> new float[0][]).toList();
                };
        RecordingTranscriber transcriber = transcriber(smallGpu);

        // 70 s: three 30 s windows at 0, 20 and 40 s, the first two in one batch (960000 samples).
        TranscriptionResult result =
                transcriber.transcribe(new Recording(ARCHIVE, MEMBER, wav(70 * 16_000), null));

        assertThat(result.transcript()).isNull();
        assertThat(result.durationSeconds()).isEqualTo(70.0);
        assertThat(result.error())
                .startsWith(
                        "model failed on "
                                + ARCHIVE
                                + "!"
                                + MEMBER
                                + ": window 1 of 3: out of memory running 30.0 s of audio alone: ")
                .contains("CUDA out of memory");
        // The pair, then each of its windows alone, each tried twice more; the recording has
        // failed before the third window.
        assertThat(callSizes).containsExactly(2, 1, 1, 1, 1, 1, 1);
    }

    @Test
    void aTaskInterruptedWhileTheModelRunsEndsInsteadOfFailingTheRecording() {
        BatchPredictor killed =
                inputs -> {
                    Thread.currentThread().interrupt(); // as Spark does to a task it kills
                    throw new TranslateException("interrupted");
                };
        try {
            assertThatThrownBy(
                            () ->
                                    transcriber(killed)
                                            .transcribe(
                                                    new Recording(FILE, null, wav(16_000), null)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("interrupted while transcribing " + FILE);
        } finally {
            Thread.interrupted(); // clears the flag for the next test
        }
    }

    @Test
    void aFaultOfTheDeviceFailsTheTaskRatherThanTheRecording() {
        BatchPredictor faulty =
                inputs -> {
                    throw new TranslateException(
                            new EngineException("CUDA error: device-side assert triggered"));
                };
        RecordingTranscriber transcriber = transcriber(faulty);

        assertThatThrownBy(
                        () -> transcriber.transcribe(new Recording(FILE, null, wav(16_000), null)))
                .isInstanceOf(DeviceFailureException.class)
                .hasMessageContaining("device-side assert triggered");
    }

    /** A 16 kHz mono 16-bit WAV of a 440 Hz tone. */
    private static byte[] wav(int samples) throws IOException {
        ByteBuffer pcm = ByteBuffer.allocate(2 * samples).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < samples; i++) {
            pcm.putShort((short) (8000 * Math.sin(2 * Math.PI * 440 * i / 16_000.0)));
        }
        AudioFormat format = new AudioFormat(16_000f, 16, 1, true, false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AudioSystem.write(
                new AudioInputStream(new ByteArrayInputStream(pcm.array()), format, samples),
                AudioFileFormat.Type.WAVE,
                out);
        return out.toByteArray();
    }

    private static RecordingTranscriber transcriber() {
        return transcriber(
                audio -> {
                    throw new AssertionError("no audio should reach the model");
                });
    }

    /**
     * Windows of 30 s with 5 s strides, batches of up to 960,000 samples, as the job's defaults.
     */
    private static RecordingTranscriber transcriber(BatchPredictor model) {
        return new RecordingTranscriber(
                new ChunkedPredictor(
                        model, ChunkPlanner.fromSeconds(30, 5, 16_000, 320), 960_000, true),
                new CtcGreedyDecoder(VOCABULARY),
                null,
                MINIMUM_SAMPLES);
    }
}
