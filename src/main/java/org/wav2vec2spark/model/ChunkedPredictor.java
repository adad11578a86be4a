package org.wav2vec2spark.model;

import ai.djl.translate.TranslateException;

import org.wav2vec2spark.features.ZeroMeanUnitVarianceNormalizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a recording of any length through the model window by window ({@link ChunkPlanner}) and
 * hands over only the kept frames of each window, in order, so a caller can reduce them (e.g. to
 * argmax ids) without ever holding the logits of the whole recording.
 *
 * <p>Each window is normalised on its own, as the pipeline's feature extractor sees one window at a
 * time. Windows of equal length run together in batches within the padded-samples budget; since
 * they need no padding, this gives the same logits as the pipeline's one window per call. The
 * shorter last window runs alone, unpadded. A batch that runs out of memory is halved and retried
 * down to single windows ({@link OutOfMemorySplitter}, as the evaluation's batches are); a window
 * that fails alone fails the recording.
 */
public final class ChunkedPredictor {

    private final OutOfMemorySplitter model;
    private final ChunkPlanner planner;
    private final long batchSamples;
    private final boolean normalize;
    private long outOfMemorySplits;

    /**
     * Creates a predictor.
     *
     * @param model the batch logits function, e.g. a {@link LogitsPredictor}
     * @param planner where windows start and which frames survive
     * @param batchSamples samples per model call; at least one window always runs
     * @param normalize whether to normalise each window to zero mean and unit variance, the feature
     *     extractor's {@code do_normalize} (true for wav2vec2-large-960h)
     */
    public ChunkedPredictor(
            BatchPredictor model, ChunkPlanner planner, long batchSamples, boolean normalize) {
        this.model = new OutOfMemorySplitter(model);
        this.planner = planner;
        this.batchSamples = batchSamples;
        this.normalize = normalize;
    }

    /**
     * Predicts a recording.
     *
     * @param audio the whole recording, 16 kHz mono, not normalised
     * @param keptFrames receives each window's kept frames, in window order (possibly none)
     * @return the number of windows run
     * @throws TranslateException when the model fails on a window: on its batch for another reason
     *     than memory, or out of memory even alone
     */
    public int predict(float[] audio, Consumer<float[][]> keptFrames) throws TranslateException {
        List<AudioChunk> chunks = planner.plan(audio.length);
        int i = 0;
        while (i < chunks.size()) {
            int length = chunks.get(i).length();
            int end = i + 1;
            while (end < chunks.size()
                    && chunks.get(end).length() == length
                    && (long) (end - i + 1) * length <= batchSamples) {
                end++;
            }
            List<AudioChunk> batch = chunks.subList(i, end);
            List<float[]> inputs = new ArrayList<>(batch.size());
            for (AudioChunk chunk : batch) {
                float[] window =
                        Arrays.copyOfRange(audio, chunk.start(), chunk.start() + chunk.length());
                inputs.add(normalize ? ZeroMeanUnitVarianceNormalizer.normalize(window) : window);
            }
            SplitPrediction prediction = model.predict(inputs);
            outOfMemorySplits += prediction.splits();
            for (int k = 0; k < batch.size(); k++) {
                if (!prediction.succeeded(k)) {
                    throw new TranslateException(
                            "window "
                                    + (i + k + 1)
                                    + " of "
                                    + chunks.size()
                                    + ": "
                                    + prediction.errors().get(k),
                            prediction.failures().get(k));
                }
            }
            for (int k = 0; k < batch.size(); k++) {
                keptFrames.accept(kept(prediction.logits().get(k), batch.get(k)));
            }
            i = end;
        }
        return chunks.size();
    }

    /**
     * Batches of windows halved after the engine ran out of memory, over every recording this
     * predictor has run so far.
     */
    public long outOfMemorySplits() {
        return outOfMemorySplits;
    }

    /** numpy's {@code logits[left:right]}: both ends clipped to the frames present. */
    private static float[][] kept(float[][] logits, AudioChunk chunk) {
        int from = Math.min(chunk.keepFromFrame(), logits.length);
        int to = Math.max(from, Math.min(chunk.keepToFrame(), logits.length));
        return Arrays.copyOfRange(logits, from, to);
    }
}
