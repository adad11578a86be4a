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

class EvaluationSpecTest {

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
        EvaluationSpec spec = spec(EvaluateJob.lengthBucketSamples(option, exact));

        LengthBucket bucket =
                spec.lengthBucket("gpu".equals(device) ? Device.gpu() : Device.cpu(), exact);

        assertThat(bucket.samples()).isEqualTo(expectedSamples);
    }

    @Test
    void refusesAnExplicitBucketForAModelWithoutExactBatching() {
        assertThatThrownBy(() -> EvaluateJob.lengthBucketSamples(1.0, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "--length-bucket-seconds 1.0 pads batches beyond their longest utterance,"
                            + " which changes the logits of a model without exact batching; export"
                            + " it with scripts/export_wav2vec2.py --exact, or leave the option at"
                            + " auto");
        assertThat(EvaluateJob.lengthBucketSamples(0, false)).isEqualTo(1);
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
