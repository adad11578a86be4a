package org.wav2vec2spark.model;

import ai.djl.translate.TranslateException;

import java.util.List;

/**
 * Computes the logits of a batch of normalised audio; {@link LogitsPredictor} runs the model, and
 * tests put fakes in its place (e.g. one that runs out of memory above some batch size).
 */
@FunctionalInterface
public interface BatchPredictor {

    /**
     * Computes the logits of a batch.
     *
     * @param normalizedAudio one array of 16 kHz samples per utterance, normalised to zero mean and
     *     unit variance
     * @return per utterance, in input order, its logits {@code [frames][vocab]}
     * @throws TranslateException when the engine fails on the batch
     */
    List<float[][]> predict(List<float[]> normalizedAudio) throws TranslateException;
}
