package org.wav2vec2spark.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Runs a batch and, when the engine runs out of memory on it, halves it and retries each half, down
 * to single utterances.
 *
 * <p>Every utterance ends with exactly one outcome: logits from the largest sub-batch that fit, or
 * an error. An utterance that runs out of memory alone, and every utterance of a batch that failed
 * for another reason (retrying would fail again), gets the error. Halving keeps the retries to
 * about {@code 2 log2(n)} model calls for one oversized utterance in a batch of {@code n}.
 */
public final class OutOfMemorySplitter {

    private static final double SAMPLE_RATE = 16_000.0;

    private final BatchPredictor predictor;

    /**
     * Creates a splitter.
     *
     * @param predictor runs the model on one batch
     */
    public OutOfMemorySplitter(BatchPredictor predictor) {
        this.predictor = predictor;
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
        List<List<Integer>> batchesRun = new ArrayList<>();
        int[] splits = {0};
        List<Integer> all = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            all.add(i);
        }
        run(normalizedAudio, all, logits, errors, batchesRun, splits);
        return new SplitPrediction(
                Arrays.asList(logits), Arrays.asList(errors), batchesRun, splits[0]);
    }

    private void run(
            List<float[]> audio,
            List<Integer> positions,
            float[][][] logits,
            String[] errors,
            List<List<Integer>> batchesRun,
            int[] splits) {
        List<float[]> batch = new ArrayList<>(positions.size());
        for (int position : positions) {
            batch.add(audio.get(position));
        }
        List<float[][]> result;
        try {
            result = predictor.predict(batch);
        } catch (Exception e) {
            if (OutOfMemoryErrors.isOutOfMemory(e) && positions.size() > 1) {
                splits[0]++;
                int half = positions.size() / 2;
                run(audio, positions.subList(0, half), logits, errors, batchesRun, splits);
                run(
                        audio,
                        positions.subList(half, positions.size()),
                        logits,
                        errors,
                        batchesRun,
                        splits);
                return;
            }
            String message = e.getMessage() != null ? e.getMessage() : e.getClass().getName();
            for (int position : positions) {
                errors[position] =
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
            logits[positions.get(i)] = result.get(i);
        }
        batchesRun.add(List.copyOf(positions));
    }
}
