package org.wav2vec2spark.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wav2vec2spark.ExternalCommand;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The export in facebook/wav2vec2-large-960h's exact shape (24 layers, hidden 1024, group-norm
 * feature encoder, 315 M parameters, seeded random weights from {@code
 * scripts/make_random_model.py}), run by the project's DJL on CPU, against torchaudio's own
 * wav2vec2 ({@code src/test/resources/parity/torchaudio-large-960h.tar}, made by {@code
 * scripts/parity/torchaudio_parity.py}) and against eager transformers ({@code
 * transformers-large-960h.tar}, made by {@code scripts/parity/transformers_golden.py}) on the same
 * weights, and in a padded batch against batch size 1.
 *
 * <p>Random weights make near-ties, so the argmax is compared only on frames whose reference
 * top-two margin exceeds {@value #ARGMAX_MARGIN}; the test prints how many fall below it.
 */
class LargeArchitectureParityIT {

    private static final Path MODEL = Path.of("target", "random-large-960h");
    private static final Path GOLDEN =
            Path.of("src/test/resources/parity/torchaudio-large-960h.tar");
    private static final Path TRANSFORMERS_GOLDEN =
            Path.of("src/test/resources/parity/transformers-large-960h.tar");
    private static final String REMAKE =
            "remake it with /usr/bin/python3 scripts/parity/torchaudio_parity.py --model "
                    + MODEL
                    + " --utterances 4 --features-per-split 0 --out "
                    + GOLDEN;
    private static final String REMAKE_TRANSFORMERS =
            "remake it with sudo scripts/with-transformers.sh python3"
                    + " scripts/parity/transformers_golden.py --model "
                    + MODEL
                    + " --utterances 4 --features-per-split 0 --out "
                    + TRANSFORMERS_GOLDEN;
    private static final double LOGIT_TOLERANCE = 1e-4;
    private static final double ARGMAX_MARGIN = 1e-3;

    private static GoldenTar golden;
    private static GoldenTar transformersGolden;
    private static SampleSpeech samples;
    private static Wav2Vec2Model model;
    private static LogitsPredictor predictor;

    @BeforeAll
    static void loadTheLargeModel() throws Exception {
        if (!Files.isRegularFile(MODEL.resolve("model.pt"))) {
            ExternalCommand.run(
                    "python3",
                    "scripts/make_random_model.py",
                    MODEL.toString(),
                    "--architecture",
                    "large-960h");
        }
        golden = GoldenTar.read(GOLDEN);
        samples = SampleSpeech.list();
        ModelDirectory directory = ModelDirectory.open(MODEL);
        golden.assertMadeFor(directory.metadata().sha256(), REMAKE);
        transformersGolden = GoldenTar.read(TRANSFORMERS_GOLDEN);
        transformersGolden.assertMadeFor(directory.metadata().sha256(), REMAKE_TRANSFORMERS);
        model = Wav2Vec2Model.load(directory, Device.cpu());
        predictor = model.newPredictor();
    }

    @AfterAll
    static void close() {
        if (predictor != null) {
            predictor.close();
        }
        if (model != null) {
            model.close();
        }
    }

    @Test
    void batchSizeOneLogitsEqualTorchaudio() throws Exception {
        assertThat(
                        golden.assertBatchSizeOneLogits(
                                predictor,
                                samples,
                                LOGIT_TOLERANCE,
                                ARGMAX_MARGIN,
                                "large-960h shape vs torchaudio"))
                .isGreaterThanOrEqualTo(4);
    }

    @Test
    void batchSizeOneLogitsEqualTransformers() throws Exception {
        assertThat(
                        transformersGolden.assertBatchSizeOneLogits(
                                predictor,
                                samples,
                                LOGIT_TOLERANCE,
                                ARGMAX_MARGIN,
                                "large-960h shape vs transformers"))
                .isGreaterThanOrEqualTo(4);
    }

    @Test
    void paddedBatchEqualsBatchSizeOne() throws Exception {
        assertThat(
                        golden.assertPaddedBatchEqualsBatchSizeOne(
                                predictor,
                                samples,
                                LOGIT_TOLERANCE,
                                ARGMAX_MARGIN,
                                "large-960h shape"))
                .isGreaterThanOrEqualTo(4);
    }
}
