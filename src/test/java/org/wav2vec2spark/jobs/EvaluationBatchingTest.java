package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.wav2vec2spark.jobs.executor.EvaluationSpec;
import org.wav2vec2spark.metrics.CaseFolding;
import org.wav2vec2spark.model.LengthBucket;

import java.util.List;
import java.util.Map;

class EvaluationBatchingTest {
    private static final String OPTION_KEY = "length-bucket-seconds";
    private static final String OPTION = "--" + OPTION_KEY;

    @ParameterizedTest(name = "--length-bucket-seconds {0} on {1}, exact batching {2}: {3} samples")
    @CsvSource({
        "auto, gpu, true, 16000",
        "auto, gpu, false, 1",
        "auto, cpu, true, 1",
        "0, gpu, true, 1",
        "0.5, cpu, true, 8000",
        "2, gpu, true, 32000",
    })
    void choosesTheLengthBucket(String seconds, String device, boolean exact, int expectedSamples) {
        double option =
                "auto".equals(seconds)
                        ? EvaluateOptions.AUTO_LENGTH_BUCKET
                        : Double.parseDouble(seconds);
        EvaluationSpec spec = spec(EvaluationBatching.lengthBucketSamples(OPTION, option, exact));

        LengthBucket bucket =
                spec.lengthBucket("gpu".equals(device) ? Device.gpu() : Device.cpu(), exact);

        assertThat(bucket.samples()).isEqualTo(expectedSamples);
    }

    @Test
    void refusesAnExplicitBucketForAModelWithoutExactBatching() {
        assertThatThrownBy(() -> EvaluationBatching.lengthBucketSamples(OPTION, 1.0, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "--length-bucket-seconds 1.0 pads batches beyond their longest utterance,"
                            + " which changes the logits of a model without exact batching; export"
                            + " it with scripts/export_wav2vec2.py --exact, or leave the option at"
                            + " auto");
        assertThat(EvaluationBatching.lengthBucketSamples(OPTION, 0, false)).isEqualTo(1);
    }

    @Test
    void aRefusedBucketFromAPresetIsNamedByItsFileAndKey() {
        EvaluateOptions fromPreset =
                options(0, 0, 0, 1.0, Map.of(OPTION_KEY, "night.properties: " + OPTION_KEY));

        assertThatThrownBy(
                        () ->
                                EvaluationBatching.spec(
                                        fromPreset,
                                        new ModelSource(null, null, false, 320, 400),
                                        null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "night.properties: length-bucket-seconds 1.0 pads batches beyond their"
                                + " longest utterance");
    }

    @ParameterizedTest(name = "--batch-samples {0}, exact batching {1}: {2} samples")
    @CsvSource({
        // 0 chooses: 60 s of padded audio for an exact model, one utterance per batch otherwise.
        "0, true, 960000",
        "0, false, 1",
        // Asked for: taken as given, with a warning when padding changes the logits.
        "1, false, 1",
        "480000, true, 480000",
        "480000, false, 480000",
    })
    void choosesTheBatchBudget(long requested, boolean exact, long expected) {
        assertThat(EvaluationBatching.batchSamples("--batch-samples", requested, exact))
                .isEqualTo(expected);
    }

    @Test
    void theSpecCarriesTheOptionsInSamples() {
        EvaluationSpec spec =
                EvaluationBatching.spec(
                        options(0, 2.5, 0),
                        new ModelSource(null, null, true, 320, 400),
                        CaseFolding.UPPER);

        assertThat(spec.batchSamples()).isEqualTo(960_000);
        assertThat(spec.lengthBucketSamples()).isEqualTo(EvaluationSpec.AUTO_LENGTH_BUCKET);
        assertThat(spec.sortBufferSamples()).isEqualTo(4 * 960_000);
        assertThat(spec.prefetchSamples()).isEqualTo(40_000);
        assertThat(spec.maxUtteranceSamples()).isEqualTo(Long.MAX_VALUE);
        assertThat(spec.caseFolding()).isEqualTo(CaseFolding.UPPER);
    }

    @Test
    void aLargerBudgetWidensTheWindowAndALimitIsInSamples() {
        EvaluationSpec spec =
                EvaluationBatching.spec(
                        options(2_000_000, 0, 35),
                        new ModelSource(null, null, true, 320, 400),
                        null);

        assertThat(spec.sortBufferSamples()).isEqualTo(8_000_000);
        assertThat(spec.prefetchSamples()).isZero();
        assertThat(spec.maxUtteranceSamples()).isEqualTo(560_000);
    }

    private static EvaluateOptions options(
            long batchSamples, double prefetchSeconds, double maxUtteranceSeconds) {
        return options(
                batchSamples,
                prefetchSeconds,
                maxUtteranceSeconds,
                EvaluateOptions.AUTO_LENGTH_BUCKET,
                Map.of());
    }

    private static EvaluateOptions options(
            long batchSamples,
            double prefetchSeconds,
            double maxUtteranceSeconds,
            double lengthBucketSeconds,
            Map<String, String> optionNames) {
        return new EvaluateOptions(
                "data",
                "model",
                "output",
                List.of(),
                null,
                0,
                batchSamples,
                lengthBucketSeconds,
                0,
                "cpu",
                0,
                maxUtteranceSeconds,
                prefetchSeconds,
                false,
                Map.of(),
                Map.of(),
                optionNames);
    }

    private static EvaluationSpec spec(int lengthBucketSamples) {
        return new EvaluationSpec(
                null,
                "auto",
                960_000,
                lengthBucketSamples,
                3_840_000,
                0,
                0,
                Long.MAX_VALUE,
                CaseFolding.NONE);
    }
}
