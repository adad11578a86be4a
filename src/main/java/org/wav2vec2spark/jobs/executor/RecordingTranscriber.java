package org.wav2vec2spark.jobs.executor;

import org.wav2vec2spark.audio.AudioFormatException;
import org.wav2vec2spark.audio.AudioReader;
import org.wav2vec2spark.ctc.CtcGreedyDecoder;
import org.wav2vec2spark.ctc.CtcWordTimes;
import org.wav2vec2spark.data.Recording;
import org.wav2vec2spark.model.ChunkedPredictor;
import org.wav2vec2spark.model.DeviceFailureException;

import java.util.Arrays;

/**
 * Transcribes one recording of any length: decode the audio, run it window by window through the
 * model ({@link ChunkedPredictor}), keep only each window's argmax ids, and decode the stitched id
 * sequence once, as transformers' pipeline does for CTC models.
 *
 * <p>Memory per recording is the decoded audio (an hour of 16 kHz float is 230 MB), one batch of
 * windows, and one int per 20 ms frame; the logits of the whole recording are never held. Plain
 * Java, no Spark types; every failure becomes a result with the recording's name in its message.
 */
public final class RecordingTranscriber {

    private final ChunkedPredictor predictor;
    private final CtcGreedyDecoder decoder;
    private final CtcWordTimes wordTimes;
    private final RecordingSizeLimits limits;
    private final AudioDecoder audioDecoder;

    /** Bytes to 16 kHz mono samples: {@link AudioReader#readMono16k}, or a test's stand-in. */
    @FunctionalInterface
    interface AudioDecoder {
        float[] decode(byte[] bytes, String name) throws AudioFormatException;
    }

    /**
     * Creates a transcriber.
     *
     * @param predictor the windowed model
     * @param decoder greedy CTC decoding of the model's vocabulary
     * @param wordTimes word frames from the ids, or {@code null} to leave them out
     * @param minimumSamples the shortest recording that gives the model one frame ({@link
     *     org.wav2vec2spark.model.FrameCounter#minimumSamples}); a shorter one is a failed row, not
     *     an empty transcript that a rerun would skip as done
     */
    public RecordingTranscriber(
            ChunkedPredictor predictor,
            CtcGreedyDecoder decoder,
            CtcWordTimes wordTimes,
            int minimumSamples) {
        this(predictor, decoder, wordTimes, minimumSamples, AudioReader::readMono16k);
    }

    RecordingTranscriber(
            ChunkedPredictor predictor,
            CtcGreedyDecoder decoder,
            CtcWordTimes wordTimes,
            int minimumSamples,
            AudioDecoder audioDecoder) {
        this.predictor = predictor;
        this.decoder = decoder;
        this.wordTimes = wordTimes;
        this.limits = new RecordingSizeLimits(minimumSamples, Runtime.getRuntime().maxMemory());
        this.audioDecoder = audioDecoder;
    }

    /**
     * Transcribes a recording.
     *
     * @param recording the bytes read, or the read error
     * @return the transcription or the failure
     */
    public TranscriptionResult transcribe(Recording recording) {
        if (recording.error() != null) {
            return failed(recording, 0, naming(recording, recording.error()));
        }
        String tooLarge = limits.refusedBeforeDecoding(recording.bytes(), recording.name());
        if (tooLarge != null) {
            return failed(recording, 0, naming(recording, tooLarge));
        }
        float[] audio;
        try {
            audio = audioDecoder.decode(recording.bytes(), recording.name());
        } catch (OutOfMemoryError e) {
            // One large array could not be had; it is gone with the decoder's frame, so the heap
            // is as it was and the partition goes on. Uncaught, it would end the executor, and
            // after Spark's retries the job, with no row naming the recording.
            return failed(recording, 0, naming(recording, limits.outOfMemory(recording.bytes())));
        } catch (Exception e) {
            return failed(recording, 0, naming(recording, FailureMessages.of(e)));
        }
        double seconds = audio.length / (double) AudioReader.SAMPLE_RATE;
        String tooShort = limits.refusedAfterDecoding(audio.length);
        if (tooShort != null) {
            return failed(recording, seconds, naming(recording, tooShort));
        }
        IdBuffer ids = new IdBuffer();
        int windows;
        try {
            windows =
                    predictor.predict(audio, frames -> ids.append(CtcGreedyDecoder.argmax(frames)));
        } catch (DeviceFailureException e) {
            throw e; // the device's, not the recording's: the task fails for Spark to run again
        } catch (Exception e) {
            if (Thread.currentThread().isInterrupted()) {
                // Spark killed the task (a speculative copy lost, the job cancelled): not the
                // recording's failure, and no reason to go on to the next one.
                throw new IllegalStateException(
                        "interrupted while transcribing " + recording.name(), e);
            }
            return failed(
                    recording,
                    seconds,
                    "model failed on " + recording.name() + ": " + FailureMessages.of(e));
        }
        int[] all = ids.toArray();
        return new TranscriptionResult(
                recording.source(),
                recording.member(),
                seconds,
                decoder.decodeIds(all),
                wordTimes == null ? null : wordTimes.words(all),
                windows,
                null);
    }

    private static TranscriptionResult failed(Recording recording, double seconds, String error) {
        return new TranscriptionResult(
                recording.source(), recording.member(), seconds, null, null, 0, error);
    }

    /**
     * The message led by the recording's name, unless it names the recording already: as {@code
     * archive!member}, or the archive and the member apart, as a damaged archive's message does.
     */
    private static String naming(Recording recording, String message) {
        boolean namesBothParts =
                recording.member() != null
                        && message.contains(recording.source())
                        && message.contains(recording.member());
        return namesBothParts ? message : FailureMessages.naming(recording.name(), message);
    }

    /** A growable int array: one id per kept frame. */
    private static final class IdBuffer {
        private int[] ids = new int[1024];
        private int size;

        void append(int[] more) {
            if (size + more.length > ids.length) {
                ids = Arrays.copyOf(ids, Math.max(2 * ids.length, size + more.length));
            }
            System.arraycopy(more, 0, ids, size, more.length);
            size += more.length;
        }

        int[] toArray() {
            return Arrays.copyOf(ids, size);
        }
    }
}
