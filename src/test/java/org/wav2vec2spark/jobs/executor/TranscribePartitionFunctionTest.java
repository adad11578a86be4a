package org.wav2vec2spark.jobs.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.EngineException;
import ai.djl.translate.TranslateException;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;
import org.wav2vec2spark.data.InputFile;
import org.wav2vec2spark.data.InputKind;
import org.wav2vec2spark.data.Recording;
import org.wav2vec2spark.model.ModelDirectory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
        TranscribeSpec spec = new TranscribeSpec(null, "m", "cpu", 960_000, 0, 1, 0.5, false, 1);
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
        TranscribeSpec spec = new TranscribeSpec(null, "m", "cpu", 960_000, 0, 2, 0.25, false, 1);
        JobMetrics metrics = unregisteredMetrics();
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

    @Test
    void anInputWhoseOpeningThrowsUncheckedIsAFailedRowAndTheOthersAreStillTranscribed()
            throws Exception {
        // A file system whose jar is missing: Hadoop throws a RuntimeException wrapping the
        // ClassNotFoundException, for a plain recording and for an archive alike.
        Configuration conf = new Configuration();
        conf.set("fs.nojar.impl", "org.example.NoSuchFileSystem");
        Path flac = Path.of("data-samples/LibriSpeech/test-clean/7377/61893/7377-61893-0002.flac");
        String readable = flac.toAbsolutePath().toUri().toString();
        List<InputFile> files =
                List.of(
                        new InputFile("nojar://host/a.flac", 1, InputKind.AUDIO),
                        new InputFile(readable, Files.size(flac), InputKind.AUDIO),
                        new InputFile("nojar://host/b.tar.gz", 1, InputKind.TAR_GZ));
        TranscribeSpec spec = new TranscribeSpec(null, "m", "cpu", 960_000, 0, 2, 0.25, false, 1);
        JobMetrics metrics = unregisteredMetrics();
        TranscribePartitionFunction function =
                new TranscribePartitionFunction(spec, null, metrics, null);

        List<Row> rows = new ArrayList<>();
        function.transcribe(
                        new InputRecordings(
                                files.iterator(),
                                conf,
                                () -> RecordingKeySet.EMPTY,
                                () -> false,
                                false),
                        ModelDirectory.open(MODEL),
                        new CountingPredictor(),
                        new TaskResources())
                .forEachRemaining(rows::add);

        assertThat(rows)
                .extracting(row -> field(row, "source"))
                .containsExactly("nojar://host/a.flac", readable, "nojar://host/b.tar.gz");
        assertThat(rows)
                .extracting(row -> field(row, "status"))
                .containsExactly(TranscriptRows.FAILED, TranscriptRows.OK, TranscriptRows.FAILED);
        assertThat(field(rows.get(0), "error"))
                .startsWith("nojar://host/a.flac: ")
                .contains("org.example.NoSuchFileSystem");
        assertThat(field(rows.get(2), "error"))
                .startsWith("nojar://host/b.tar.gz: ")
                .contains("org.example.NoSuchFileSystem");
        assertThat(metrics.utterances().value()).isEqualTo(3);
    }

    /** A column of a transcript row, which carries no schema of its own. */
    private static String field(Row row, String name) {
        return row.getString(TranscriptRows.SCHEMA.fieldIndex(name));
    }

    private static JobMetrics unregisteredMetrics() {
        return new JobMetrics(
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
