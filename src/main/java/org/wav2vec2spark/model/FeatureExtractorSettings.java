package org.wav2vec2spark.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.math.BigDecimal;
import java.nio.file.Path;

/**
 * The check of a model directory's {@code preprocessor_config.json} against what this pipeline
 * feeds every model: 16 kHz audio, each utterance normalised to zero mean and unit variance.
 *
 * <p>The pipeline does not read its feature-extractor settings from the file, so a model whose
 * {@code Wav2Vec2FeatureExtractor} differs ({@code do_normalize} false, another {@code
 * sampling_rate}) would run on inputs it was never trained on and give wrong transcripts without
 * any error. Such a directory is refused, naming the file and the setting, as {@code
 * scripts/export_wav2vec2.py} refuses such a checkpoint. Absent settings take transformers'
 * defaults ({@code do_normalize} true, {@code sampling_rate} 16000).
 */
final class FeatureExtractorSettings {

    /** The only input rate the audio readers produce. */
    static final int SAMPLING_RATE = 16_000;

    private FeatureExtractorSettings() {}

    /**
     * Checks one {@code preprocessor_config.json}.
     *
     * @param file the file
     * @throws ModelLoadException naming the file when it is unreadable, not a JSON object, or asks
     *     for a sampling rate or normalisation the pipeline does not apply
     */
    static void check(Path file) throws ModelLoadException {
        JsonObject json = ModelJsonFile.parseObject(file);
        JsonElement normalize = json.get("do_normalize");
        if (normalize != null
                && !(normalize.isJsonPrimitive()
                        && normalize.getAsJsonPrimitive().isBoolean()
                        && normalize.getAsBoolean())) {
            throw new ModelLoadException(
                    file
                            + ": \"do_normalize\" is "
                            + normalize
                            + " but this pipeline always normalises each utterance to zero mean"
                            + " and unit variance (do_normalize true), so the model would see"
                            + " inputs it was not trained on");
        }
        JsonElement rate = json.get("sampling_rate");
        if (rate != null && !isNumber(rate, SAMPLING_RATE)) {
            throw new ModelLoadException(
                    file
                            + ": \"sampling_rate\" is "
                            + rate
                            + " but this pipeline feeds "
                            + SAMPLING_RATE
                            + " Hz audio only");
        }
    }

    private static boolean isNumber(JsonElement value, int expected) {
        return value.isJsonPrimitive()
                && value.getAsJsonPrimitive().isNumber()
                && value.getAsBigDecimal().compareTo(BigDecimal.valueOf(expected)) == 0;
    }
}
