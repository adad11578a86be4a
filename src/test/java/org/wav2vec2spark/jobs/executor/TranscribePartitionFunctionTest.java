package org.wav2vec2spark.jobs.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.wav2vec2spark.model.ModelDirectory;

import java.nio.file.Path;
import java.util.Collections;

/**
 * The transcribe task's setup without Spark: the bundled model's directory, a counting predictor.
 */
class TranscribePartitionFunctionTest {
    private static final Path MODEL = Path.of("data-samples/model").toAbsolutePath();

    @Test
    void aSetupStepThatThrowsAfterThePredictorOpenedStillGetsItClosed() throws Exception {
        // Strides of 0.5 s on both sides of a 1 s window leave no step: the chunk planner, built
        // after the predictor, throws.
        TranscribeSpec spec = new TranscribeSpec(null, "m", "cpu", 960_000, 0, 1, 0.5, false);
        TranscribePartitionFunction function =
                new TranscribePartitionFunction(spec, null, null, null);
        CountingPredictor predictors = new CountingPredictor();
        TaskResources resources = new TaskResources();

        assertThatThrownBy(
                        () ->
                                function.transcribe(
                                        Collections.emptyIterator(),
                                        ModelDirectory.open(MODEL),
                                        predictors,
                                        resources))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Chunk length must be longer than both strides together");
        // What Spark does when the failed task ends.
        resources.close();

        assertThat(predictors.opened()).isEqualTo(1);
        assertThat(predictors.closed()).isEqualTo(1);
    }
}
