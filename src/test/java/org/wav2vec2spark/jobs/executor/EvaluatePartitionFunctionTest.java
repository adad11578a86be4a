package org.wav2vec2spark.jobs.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.wav2vec2spark.metrics.CaseFolding;
import org.wav2vec2spark.model.LengthBucket;
import org.wav2vec2spark.model.ModelDirectory;

import java.nio.file.Path;
import java.util.Collections;

/** The evaluate task's setup without Spark: the bundled model's directory, a counting predictor. */
class EvaluatePartitionFunctionTest {
    private static final Path MODEL = Path.of("data-samples/model").toAbsolutePath();

    @Test
    void aSetupStepThatThrowsAfterThePredictorOpenedStillGetsItClosed() throws Exception {
        // A batch budget of 0 makes the batch planner, built after the predictor, throw.
        EvaluationSpec spec =
                new EvaluationSpec(null, "cpu", 0, 1, 1, 0, 0, Long.MAX_VALUE, CaseFolding.NONE);
        EvaluatePartitionFunction function = new EvaluatePartitionFunction(spec, null, null);
        CountingPredictor predictors = new CountingPredictor();
        TaskResources resources = new TaskResources();

        assertThatThrownBy(
                        () ->
                                function.evaluate(
                                        Collections.emptyIterator(),
                                        ModelDirectory.open(MODEL),
                                        LengthBucket.NONE,
                                        predictors,
                                        resources))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Padded-samples budget must be >= 1 but was 0");
        // What Spark does when the failed task ends.
        resources.close();

        assertThat(predictors.opened()).isEqualTo(1);
        assertThat(predictors.closed()).isEqualTo(1);
    }
}
