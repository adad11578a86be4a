package org.wav2vec2spark.jobs.executor;

import ai.djl.translate.TranslateException;

import org.wav2vec2spark.model.BatchPredictor;

import java.util.List;
import java.util.function.Supplier;

/**
 * A predictor source for partition-function tests: counts the predictors it opens and how many of
 * them were closed. The predictors return no frames; these tests are about their lifetime. Tests
 * subclass it to make the model fail.
 */
class CountingPredictor implements BatchPredictor, AutoCloseable, Supplier<CountingPredictor> {
    private int opened;
    private int closed;

    /** Opens a predictor: counted, and counted again when closed. */
    @Override
    public CountingPredictor get() {
        opened++;
        return this;
    }

    @Override
    public List<float[][]> predict(List<float[]> normalizedAudio) throws TranslateException {
        return normalizedAudio.stream().map(audio -> new float[0][]).toList();
    }

    @Override
    public void close() {
        closed++;
    }

    int opened() {
        return opened;
    }

    int closed() {
        return closed;
    }
}
