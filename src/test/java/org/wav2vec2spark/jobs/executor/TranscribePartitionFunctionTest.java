package org.wav2vec2spark.jobs.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.EngineException;
import ai.djl.translate.TranslateException;

import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;
import org.wav2vec2spark.data.Recording;
import org.wav2vec2spark.model.ModelDirectory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

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

    @Test
    void batchesHalvedAfterRunningOutOfMemoryAreAddedToTheRunsCount() throws Exception {
        // 2 s windows with 0.25 s strides over two recordings of 6.3 s: three windows of
        // equal length share a batch, and the model runs out of memory on any batch of two or more.
        TranscribeSpec spec = new TranscribeSpec(null, "m", "cpu", 960_000, 0, 2, 0.25, false);
        EvaluateMetrics metrics = unregisteredMetrics();
        TranscribePartitionFunction function =
                new TranscribePartitionFunction(spec, null, metrics, null);
        OneAtATime predictors = new OneAtATime();
        Path flac = Path.of("data-samples/LibriSpeech/test-clean/7377/61893/7377-61893-0002.flac");
        Recording recording = new Recording(flac.toString(), null, Files.readAllBytes(flac), null);

        Iterator<?> rows =
                function.transcribe(
                        List.of(recording, recording).iterator(),
                        ModelDirectory.open(MODEL),
                        predictors,
                        new TaskResources());
        rows.forEachRemaining(row -> {});

        assertThat(predictors.halvings).isPositive();
        assertThat(metrics.outOfMemorySplits().value()).isEqualTo(predictors.halvings);
        assertThat(metrics.utterances().value()).isEqualTo(2);
    }

    private static EvaluateMetrics unregisteredMetrics() {
        return new EvaluateMetrics(
                new LongAccumulator(),
                new LongAccumulator(),
                new CollectionAccumulator<>(),
                new LongAccumulator(),
                new LongAccumulator(),
                new LongAccumulator(),
                new LongAccumulator(),
                Arrays.stream(StageTimes.Stage.values())
                        .map(stage -> new LongAccumulator())
                        .toList());
    }

    /** Runs out of memory on any batch of more than one window; counts those batches. */
    private static final class OneAtATime extends CountingPredictor {
        private long halvings;

        @Override
        public List<float[][]> predict(List<float[]> normalizedAudio) throws TranslateException {
            if (normalizedAudio.size() > 1) {
                halvings++;
                throw new TranslateException(
                        new EngineException("CUDA out of memory. Tried to allocate 2.00 GiB"));
            }
            return super.predict(normalizedAudio);
        }
    }
}
