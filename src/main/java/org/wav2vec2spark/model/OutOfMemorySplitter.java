package org.wav2vec2spark.model;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Runs a batch and, when the engine runs out of memory on it, halves it and retries each half, down
 * to single utterances.
 *
 * <p>Every utterance ends with exactly one outcome: logits from the largest sub-batch that fit, or
 * an error. An utterance that runs out of memory alone is tried twice more after a pause (on a GPU
 * other tasks' batches come and go), then gets the error; every utterance of a batch that failed
 * for another reason (retrying would fail again) gets it at once. A fault of the device itself is
 * thrown instead ({@link DeviceFailureException}), for Spark to run the task again. Halving keeps
 * the retries to about {@code 2 log2(n)} model calls for one oversized utterance in a batch of
 * {@code n}. A failed call is logged with its stack trace (the rows keep only its message) and kept
 * in the result as the failure.
 */
public final class OutOfMemorySplitter {
    private static final Logger LOG = LoggerFactory.getLogger(OutOfMemorySplitter.class);

    private static final double SAMPLE_RATE = FeatureExtractorSettings.SAMPLING_RATE;

    /** Further tries of an utterance that ran out of memory alone. */
    static final int SINGLE_RETRIES = 2;

    private final BatchPredictor predictor;
    private final long retryPauseMillis;

    /**
     * Creates a splitter.
     *
     * @param predictor runs the model on one batch
     */
    public OutOfMemorySplitter(BatchPredictor predictor) {
        this(predictor, 500);
    }

    /** A splitter that pauses {@code retryPauseMillis} before each retry of a single utterance. */
    OutOfMemorySplitter(BatchPredictor predictor, long retryPauseMillis) {
        this.predictor = predictor;
        this.retryPauseMillis = retryPauseMillis;
    }

    /**
     * Computes the logits of a batch, splitting it on out-of-memory errors.
     *
     * @param normalizedAudio one array of normalised 16 kHz samples per utterance
     * @return each utterance's logits or error, in input order
     */
    public SplitPrediction predict(List<float[]> normalizedAudio) {
        int size = normalizedAudio.size();
        float[][][] logits = new float[size][][];
        String[] errors = new String[size];
        Throwable[] failures = new Throwable[size];
        List<List<Integer>> batchesRun = new ArrayList<>();
        int[] splits = {0};
        List<Integer> all = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            all.add(i);
        }
        run(normalizedAudio, all, new Outcomes(logits, errors, failures), batchesRun, splits);
        return new SplitPrediction(
                Arrays.asList(logits),
                Arrays.asList(errors),
                Arrays.asList(failures),
                batchesRun,
                splits[0]);
    }

    private void run(
            List<float[]> audio,
            List<Integer> positions,
            Outcomes outcomes,
            List<List<Integer>> batchesRun,
            int[] splits) {
        List<float[]> batch = new ArrayList<>(positions.size());
        for (int position : positions) {
            batch.add(audio.get(position));
        }
        List<float[][]> result;
        try {
            result = predictBatch(batch);
        } catch (TaskInterruptedException e) {
            throw e;
        } catch (Exception | OutOfMemoryError e) { // the Java heap's too, building a batch
            String message = e.getMessage() != null ? e.getMessage() : e.getClass().getName();
            if (DeviceFaults.isDeviceFault(e)) {
                throw new DeviceFailureException(
                        "The device failed running a batch of "
                                + positions.size()
                                + " utterance(s), so the task fails for Spark to run it again: "
                                + message,
                        e);
            }
            if (OutOfMemoryErrors.isOutOfMemory(e) && positions.size() > 1) {
                splits[0]++;
                int half = positions.size() / 2;
                run(audio, positions.subList(0, half), outcomes, batchesRun, splits);
                run(audio, positions.subList(half, positions.size()), outcomes, batchesRun, splits);
                return;
            }
            LOG.warn("Model failed on a batch of {} utterance(s)", positions.size(), e);
            for (int position : positions) {
                outcomes.failures()[position] = e;
                outcomes.errors()[position] =
                        OutOfMemoryErrors.isOutOfMemory(e)
                                ? String.format(
                                        Locale.ROOT,
                                        "out of memory running %.1f s of audio alone: %s",
                                        audio.get(position).length / SAMPLE_RATE,
                                        message)
                                : message;
            }
            return;
        }
        if (result.size() != positions.size()) {
            throw new IllegalStateException(
                    "Predictor returned "
                            + result.size()
                            + " results for a batch of "
                            + positions.size());
        }
        for (int i = 0; i < positions.size(); i++) {
            outcomes.logits()[positions.get(i)] = result.get(i);
        }
        batchesRun.add(List.copyOf(positions));
    }

    /**
     * The batch's logits; a single utterance that runs out of memory is tried again after a pause,
     * as the memory it lacked may have been another task's for the moment.
     */
    private List<float[][]> predictBatch(List<float[]> batch) throws Exception {
        for (int retry = 0; ; retry++) {
            try {
                return predictor.predict(batch);
            } catch (Exception | OutOfMemoryError e) {
                if (batch.size() > 1
                        || retry == SINGLE_RETRIES
                        || !OutOfMemoryErrors.isOutOfMemory(e)) {
                    throw e;
                }
                LOG.info(
                        "Out of memory running one utterance alone; trying it again in {} ms",
                        retryPauseMillis);
                pause();
            }
        }
    }

    /**
     * Waits before a retry; an interrupt (Spark killing the task) is not the utterance's failure,
     * so it ends the batch with the interrupt flag kept.
     */
    private void pause() {
        try {
            Thread.sleep(retryPauseMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskInterruptedException(e);
        }
    }

    /** The task was interrupted while a retry waited; it propagates past the batch's errors. */
    private static final class TaskInterruptedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TaskInterruptedException(InterruptedException cause) {
            super("interrupted while waiting to retry an utterance out of memory", cause);
        }
    }

    /** Each input utterance's outcome so far, filled in as sub-batches run. */
    private record Outcomes(float[][][] logits, String[] errors, Throwable[] failures) {}
}
