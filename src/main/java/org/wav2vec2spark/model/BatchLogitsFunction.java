package org.wav2vec2spark.model;

import ai.djl.translate.TranslateException;

import java.util.List;

/**
 * Logits of a batch of normalised audio, one {@code [frames][vocab]} array per item; {@link
 * LogitsPredictor#predict} is one.
 */
@FunctionalInterface
public interface BatchLogitsFunction {

    /**
     * Runs one batch.
     *
     * @param normalizedAudio one array per item
     * @return per item its logits, in input order
     * @throws TranslateException when the engine fails
     */
    List<float[][]> predict(List<float[]> normalizedAudio) throws TranslateException;
}
