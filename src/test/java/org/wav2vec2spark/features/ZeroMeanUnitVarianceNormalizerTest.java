package org.wav2vec2spark.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.stream.Stream;

class ZeroMeanUnitVarianceNormalizerTest {

    static Stream<Arguments> handDerivedCases() {
        double unit = 1.0 / Math.sqrt(1.0 + 1e-7);
        return Stream.of(
                // constant: mean 0.25, variance 0 => (x - 0.25) / sqrt(1e-7) = 0 everywhere
                Arguments.of(new float[] {0.25f, 0.25f, 0.25f}, new float[] {0f, 0f, 0f}),
                // [1, -1]: mean 0, population variance 1 => x / sqrt(1 + 1e-7)
                Arguments.of(new float[] {1f, -1f}, new float[] {(float) unit, (float) -unit}),
                // [3, 5]: mean 4, deviations -1 and 1, variance 1 => same as [1, -1]
                Arguments.of(new float[] {3f, 5f}, new float[] {(float) -unit, (float) unit}),
                // [0, 0, 0, 4]: mean 1, variance (1+1+1+9)/4 = 3 => (x - 1) / sqrt(3 + 1e-7)
                Arguments.of(
                        new float[] {0f, 0f, 0f, 4f},
                        new float[] {
                            (float) (-1 / Math.sqrt(3 + 1e-7)),
                            (float) (-1 / Math.sqrt(3 + 1e-7)),
                            (float) (-1 / Math.sqrt(3 + 1e-7)),
                            (float) (3 / Math.sqrt(3 + 1e-7))
                        }),
                // one sample: mean is the sample, variance 0 => 0
                Arguments.of(new float[] {-0.7f}, new float[] {0f}),
                Arguments.of(new float[0], new float[0]));
    }

    @ParameterizedTest
    @MethodSource("handDerivedCases")
    void normalizesHandDerivedCases(float[] samples, float[] expected) {
        assertThat(ZeroMeanUnitVarianceNormalizer.normalize(samples))
                .containsExactly(expected, within(1e-7f));
    }

    @Test
    void leavesInputUntouched() {
        float[] samples = {1f, 2f, 3f};
        ZeroMeanUnitVarianceNormalizer.normalize(samples);
        assertThat(samples).containsExactly(1f, 2f, 3f);
    }

    @Test
    void rejectsNonFiniteSampleNamingItsIndex() {
        assertThatThrownBy(
                        () -> ZeroMeanUnitVarianceNormalizer.normalize(new float[] {0f, Float.NaN}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Sample 1 of 2 must be finite but was NaN");
    }

    /**
     * Compares with numpy running transformers' formula in float32 (make_golden.py). Tolerance:
     * 1e-6 absolute, or one float32 ulp of the expected value where that ulp is larger (|y| >= 16,
     * where float32 cannot represent a 1e-6 difference at all).
     */
    @Test
    void matchesNumpyGolden() {
        float[] input = readFloat32("normalize_input.f32");
        float[] expected = readFloat32("normalize_expected.f32");
        assertThat(input).hasSize(320_000);

        float[] actual = ZeroMeanUnitVarianceNormalizer.normalize(input);

        assertThat(actual).hasSameSizeAs(expected);
        double worstExcess = 0;
        int worstIndex = -1;
        for (int i = 0; i < actual.length; i++) {
            double tolerance = Math.max(1e-6, Math.ulp(expected[i]));
            double excess = Math.abs(actual[i] - expected[i]) - tolerance;
            // Written so that a NaN, which compares false with everything, counts as beyond.
            if (!(excess <= worstExcess)) {
                worstExcess = excess;
                worstIndex = i;
            }
        }
        assertThat(worstIndex)
                .as(
                        "first sample beyond tolerance (actual %s, expected %s)",
                        worstIndex < 0 ? "-" : actual[worstIndex],
                        worstIndex < 0 ? "-" : expected[worstIndex])
                .isEqualTo(-1);
    }

    private static float[] readFloat32(String name) {
        try (InputStream in =
                ZeroMeanUnitVarianceNormalizerTest.class.getResourceAsStream("/features/" + name)) {
            assertThat(in).as("test resource /features/%s", name).isNotNull();
            ByteBuffer bytes = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[bytes.remaining() / Float.BYTES];
            bytes.asFloatBuffer().get(values);
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read test resource /features/" + name, e);
        }
    }
}
