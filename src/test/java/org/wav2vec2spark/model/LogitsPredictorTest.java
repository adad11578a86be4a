package org.wav2vec2spark.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

class LogitsPredictorTest {

    private static Wav2Vec2Model model;

    @BeforeAll
    static void loadModel() throws ModelLoadException {
        model = Wav2Vec2Model.load(ModelDirectory.open(BundledModel.DIRECTORY), Device.cpu());
    }

    @AfterAll
    static void closeModel() {
        model.close();
    }

    private static float[] noise(int samples, long seed) {
        Random random = new Random(seed);
        float[] audio = new float[samples];
        for (int i = 0; i < samples; i++) {
            audio[i] = (float) random.nextGaussian();
        }
        return audio;
    }

    @ParameterizedTest(name = "{0} x {1} samples -> {0} x {2} x 32")
    @CsvSource({
        "1, 16000, 49",
        "3, 40000, 124",
        "1, 400, 1",
        "2, 160000, 499",
        "5, 3200, 9",
    })
    void givesOneRowOfVocabularyLogitsPerFrame(int batch, int samples, int frames)
            throws Exception {
        List<float[]> audio = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            audio.add(noise(samples, i));
        }
        try (LogitsPredictor predictor = model.newPredictor()) {
            List<float[][]> logits = predictor.predict(audio);

            assertThat(logits).hasSize(batch);
            for (float[][] item : logits) {
                assertThat(item).hasDimensions(frames, 32);
                for (float[] frame : item) {
                    for (float value : frame) {
                        assertThat(value).isFinite();
                    }
                }
            }
        }
    }

    @Test
    void cutsEachItemOfAPaddedBatchToItsOwnFramesAndLogits() throws Exception {
        float[] longest = noise(48000, 1);
        float[] middle = noise(20000, 2);
        float[] shortest = noise(5000, 7);
        float[] tooShort = noise(399, 3);
        assertThat(model.directory().metadata().exactBatching())
                .as("the bundled model is exported exact")
                .isTrue();
        try (LogitsPredictor predictor = model.newPredictor()) {
            List<float[][]> batched =
                    predictor.predict(List.of(middle, longest, shortest, tooShort));

            assertThat(batched.get(0).length).isEqualTo(62);
            assertThat(batched.get(1).length).isEqualTo(149);
            assertThat(batched.get(2).length).isEqualTo(15);
            assertThat(batched.get(3)).isEmpty();
            // Exact batching: a padded item's logits are its logits alone, to float rounding.
            List<float[]> items = List.of(middle, longest, shortest);
            for (int i = 0; i < items.size(); i++) {
                float[][] alone = predictor.predict(List.of(items.get(i))).get(0);
                assertThat(batched.get(i).length).isEqualTo(alone.length);
                double maxDifference = 0;
                for (int f = 0; f < alone.length; f++) {
                    for (int v = 0; v < alone[f].length; v++) {
                        maxDifference =
                                Math.max(
                                        maxDifference,
                                        Math.abs(alone[f][v] - batched.get(i)[f][v]));
                    }
                }
                System.out.printf(
                        "item of %d samples padded to 48000: max |logit alone - in batch| = %.3g%n",
                        items.get(i).length, maxDifference);
                assertThat(maxDifference).as("item %d", i).isLessThanOrEqualTo(1e-4);
            }
        }
    }

    @Test
    void lengthBucketsPadFurtherWithoutChangingAnExactModelsLogits() throws Exception {
        List<float[]> audio = List.of(noise(20000, 8), noise(12000, 9));
        try (LogitsPredictor plain = model.newPredictor();
                LogitsPredictor bucketed = model.newPredictor(new LengthBucket(16000))) {
            PaddedBatch padded = bucketed.pad(audio);
            assertThat(padded.samples()).hasDimensions(2, 32000);
            assertThat(padded.lengths()).containsExactly(20000, 12000);
            assertThat(plain.pad(audio).samples()).hasDimensions(2, 20000);

            List<float[][]> expected = plain.predict(audio);
            List<float[][]> actual = bucketed.predict(audio);
            for (int i = 0; i < audio.size(); i++) {
                assertThat(actual.get(i).length).isEqualTo(expected.get(i).length);
                for (int f = 0; f < expected.get(i).length; f++) {
                    assertThat(actual.get(i)[f])
                            .containsExactly(
                                    expected.get(i)[f], org.assertj.core.data.Offset.offset(1e-4f));
                }
            }
        }
    }

    @Test
    void aBatchOfEqualLengthsGivesEachItemItsOwnLogits() throws Exception {
        float[] first = noise(16000, 4);
        float[] second = noise(16000, 5);
        try (LogitsPredictor predictor = model.newPredictor()) {
            List<float[][]> batched = predictor.predict(List.of(first, second));
            float[][] firstAlone = predictor.predict(List.of(first)).get(0);
            float[][] secondAlone = predictor.predict(List.of(second)).get(0);

            // Without padding, batching changes nothing but float rounding, so rows stay in input
            // order.
            for (int f = 0; f < firstAlone.length; f++) {
                assertThat(batched.get(0)[f])
                        .containsExactly(firstAlone[f], org.assertj.core.data.Offset.offset(1e-4f));
                assertThat(batched.get(1)[f])
                        .containsExactly(
                                secondAlone[f], org.assertj.core.data.Offset.offset(1e-4f));
            }
        }
    }

    @Test
    void anEmptyBatchGivesNoLogits() throws Exception {
        try (LogitsPredictor predictor = model.newPredictor()) {
            assertThat(predictor.predict(List.of())).isEmpty();
        }
    }
}
