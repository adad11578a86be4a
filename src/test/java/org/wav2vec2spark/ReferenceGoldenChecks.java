package org.wav2vec2spark;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.wav2vec2spark.ctc.CtcGreedyDecoder;
import org.wav2vec2spark.model.GoldenTar;
import org.wav2vec2spark.model.LogitComparison;
import org.wav2vec2spark.model.LogitsPredictor;
import org.wav2vec2spark.model.ModelDirectory;
import org.wav2vec2spark.model.SampleSpeech;
import org.wav2vec2spark.model.Wav2Vec2Model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Java pipeline against a reference implementation's outputs, link by link, on the bundled
 * samples and model. A subclass names a {@link GoldenTar} written by a script under {@code
 * scripts/parity/}: model input and float32 logits at batch size 1 for some utterances, the greedy
 * transcript of every sample. A missing golden tar, or one made for another model, fails the tests
 * with the command that makes it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ReferenceGoldenChecks {

    private static final Path MODEL = Path.of("data-samples/model");
    private static final double FEATURE_TOLERANCE = 1e-6;
    private static final double LOGIT_TOLERANCE = 1e-4;
    private static final double ARGMAX_MARGIN = 1e-3;

    private GoldenTar golden;
    private SampleSpeech samples;
    private Wav2Vec2Model model;
    private LogitsPredictor predictor;
    private CtcGreedyDecoder decoder;
    private int vocabularySize;

    /**
     * @return the golden tar, relative to the project root
     */
    abstract Path golden();

    /**
     * @return what to run to make or remake {@link #golden()}, for the failure messages
     */
    abstract String howToMake();

    /**
     * The form in which a transcript is compared with the reference's {@code texts.tsv}.
     *
     * @param transcript a transcript, ours or the reference's
     * @return the transcript itself, unless the reference writes transcripts differently
     */
    String comparable(String transcript) {
        return transcript;
    }

    @BeforeAll
    void readGolden() throws Exception {
        assertThat(golden()).as("missing: %s", howToMake()).isRegularFile();
        golden = GoldenTar.read(golden());
        samples = SampleSpeech.list();
        ModelDirectory directory = ModelDirectory.open(MODEL);
        model = Wav2Vec2Model.load(directory, Device.cpu());
        predictor = model.newPredictor();
        decoder = new CtcGreedyDecoder(directory.vocabulary());
        vocabularySize = directory.tokensById().size();
    }

    @AfterAll
    void closeModel() {
        if (predictor != null) {
            predictor.close();
        }
        if (model != null) {
            model.close();
        }
    }

    @BeforeEach
    void goldenOfTheBundledModel() {
        golden.assertMadeFor(
                model.directory().metadata().sha256(), "after retraining, " + howToMake());
    }

    @Test
    void featuresEqualTheReferenceModelInput() throws Exception {
        Map<String, float[]> expected = golden.arrays(".features.f32");
        assertThat(expected).isNotEmpty();
        for (Map.Entry<String, float[]> e : expected.entrySet()) {
            float[] features = samples.features(e.getKey(), golden());
            assertThat(features).as(e.getKey()).hasSameSizeAs(e.getValue());
            double max = LogitComparison.maxAbsDifference(e.getValue(), features);
            System.out.printf("features %s: max |difference| %.3g%n", e.getKey(), max);
            assertThat(max).as(e.getKey()).isLessThanOrEqualTo(FEATURE_TOLERANCE);
        }
    }

    @Test
    void logitsEqualTheReferenceAtBatchSizeOne() throws Exception {
        assertThat(
                        golden.assertBatchSizeOneLogits(
                                predictor, samples, LOGIT_TOLERANCE, ARGMAX_MARGIN, "logits"))
                .isPositive();
    }

    @Test
    void greedyDecodingOfTheReferenceLogitsEqualsItsTexts() {
        Map<String, String> texts = golden.texts();
        Map<String, float[]> logits = golden.arrays(".logits.f32");
        assertThat(logits).isNotEmpty();
        for (Map.Entry<String, float[]> e : logits.entrySet()) {
            float[][] frames = LogitComparison.rows(e.getValue(), vocabularySize);
            assertThat(comparable(decoder.decode(frames)))
                    .as(e.getKey())
                    .isEqualTo(comparable(texts.get(e.getKey())));
        }
    }

    @Test
    void everySampleTranscribesAsTheReferenceDoes() throws Exception {
        Map<String, String> texts = golden.texts();
        assertThat(texts).hasSize(samples.size());
        List<String> differing = new ArrayList<>();
        for (Map.Entry<String, String> e : texts.entrySet()) {
            float[] features = samples.features(e.getKey(), golden());
            String ours = comparable(decoder.decode(predictor.predict(List.of(features)).get(0)));
            String reference = comparable(e.getValue());
            if (!ours.equals(reference)) {
                differing.add(e.getKey() + ": ours '" + ours + "', reference '" + reference + "'");
            }
        }
        assertThat(differing)
                .as("utterances whose transcript differs from the reference's")
                .isEmpty();
    }
}
