package org.wav2vec2spark.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Checks the bundled TorchScript archive against scripts/reference_logits.py, a numpy forward pass
 * of wav2vec2 over the same seeded weights: the archive must compute the architecture, not only
 * produce the right shapes.
 */
class ReferenceLogitsTest {

    private static final double TOLERANCE = 1e-4;

    @Test
    void bundledModelMatchesTheNumpyReference() throws Exception {
        JsonObject fixture;
        try (InputStream in = getClass().getResourceAsStream("reference_logits.json")) {
            fixture =
                    new Gson()
                            .fromJson(
                                    new InputStreamReader(in, StandardCharsets.UTF_8),
                                    JsonObject.class);
        }
        ModelDirectory directory = ModelDirectory.open(BundledModel.DIRECTORY);
        // A regenerated model needs a regenerated fixture.
        assertThat(fixture.get("model_sha256").getAsString())
                .isEqualTo(directory.metadata().sha256());
        JsonArray input = fixture.getAsJsonArray("input_values");
        float[] audio = new float[input.size()];
        for (int i = 0; i < audio.length; i++) {
            audio[i] = input.get(i).getAsFloat();
        }
        JsonArray expected = fixture.getAsJsonArray("logits");

        float[][] logits;
        try (Wav2Vec2Model model = Wav2Vec2Model.load(directory, Device.cpu());
                LogitsPredictor predictor = model.newPredictor()) {
            logits = predictor.predict(List.of(audio)).get(0);
        }

        assertThat(logits).hasDimensions(expected.size(), 32);
        double maxDifference = 0;
        double maxMagnitude = 0;
        for (int f = 0; f < logits.length; f++) {
            JsonArray row = expected.get(f).getAsJsonArray();
            for (int v = 0; v < logits[f].length; v++) {
                maxDifference =
                        Math.max(maxDifference, Math.abs(logits[f][v] - row.get(v).getAsDouble()));
                maxMagnitude = Math.max(maxMagnitude, Math.abs(row.get(v).getAsDouble()));
            }
        }
        System.out.printf(
                "TorchScript vs numpy reference: max |difference| %.3g, max |logit| %.3g%n",
                maxDifference, maxMagnitude);
        assertThat(maxMagnitude).isGreaterThan(0.1);
        assertThat(maxDifference).isLessThan(TOLERANCE);
    }
}
