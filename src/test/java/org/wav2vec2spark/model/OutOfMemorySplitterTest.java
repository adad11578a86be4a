package org.wav2vec2spark.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.EngineException;
import ai.djl.translate.TranslateException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Batch splitting on fakes that run out of memory above a size, no model needed. */
class OutOfMemorySplitterTest {

    /**
     * Returns, for each item, one frame whose single logit is the item's first sample, so a test
     * can tell which input each output came from; runs out of memory when a batch holds more than
     * {@code maxPadded} padded samples or any item longer than {@code maxItem}.
     */
    private static final class FakePredictor implements BatchPredictor {
        private final long maxPadded;
        private final int maxItem;
        private final List<Integer> callSizes = new ArrayList<>();

        FakePredictor(long maxPadded, int maxItem) {
            this.maxPadded = maxPadded;
            this.maxItem = maxItem;
        }

        @Override
        public List<float[][]> predict(List<float[]> audio) throws TranslateException {
            callSizes.add(audio.size());
            int longest = audio.stream().mapToInt(a -> a.length).max().orElse(0);
            if ((long) longest * audio.size() > maxPadded || longest > maxItem) {
                throw new TranslateException(
                        new EngineException("CUDA out of memory. Tried to allocate 1.50 GiB"));
            }
            return audio.stream().map(a -> new float[][] {{a[0]}}).toList();
        }
    }

    private static List<float[]> batch(int size, int length) {
        List<float[]> audio = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            float[] item = new float[length];
            item[0] = i;
            audio.add(item);
        }
        return audio;
    }

    @ParameterizedTest(name = "{0} items, fits {1} at once -> {2} splits, {3} model calls")
    @CsvSource({
        // batch size, items that fit, splits, calls (hand-traced halvings)
        "8, 8, 0, 1", // fits: one call
        "8, 4, 1, 3", // 8 fails, 4 + 4 run
        "8, 2, 3, 7", // 8 fails, 4 fails twice, then 2+2+2+2
        "8, 1, 7, 15", // every level fails down to singles: 1 + 2 + 4 + 8 calls
        "5, 2, 2, 5", // 5 fails -> [2 items] runs, [3] fails -> [1] and [2] run: calls 5,2,3,1,2
        "1, 1, 0, 1"
    })
    void splitsUntilEveryItemRunsOnce(int size, int fits, int splits, int calls) {
        FakePredictor fake = new FakePredictor((long) fits * 100, Integer.MAX_VALUE);

        SplitPrediction prediction = new OutOfMemorySplitter(fake, 0).predict(batch(size, 100));

        assertThat(prediction.splits()).isEqualTo(splits);
        assertThat(fake.callSizes).hasSize(calls);
        for (int i = 0; i < size; i++) {
            assertThat(prediction.succeeded(i)).isTrue();
            // each item's own logits, in input order
            assertThat(prediction.logits().get(i)[0][0]).isEqualTo(i);
        }
        List<Integer> ran = prediction.batchesRun().stream().flatMap(List::stream).toList();
        assertThat(ran).containsExactlyInAnyOrderElementsOf(range(size));
    }

    @Test
    void anOutOfMemoryMessageDoesNotDependOnTheExecutorLocale() {
        List<float[]> audio = List.of(new float[16_000 * 50]);
        FakePredictor fake = new FakePredictor(Long.MAX_VALUE, 16_000 * 40);
        Locale previous = Locale.getDefault();
        SplitPrediction prediction;
        try {
            Locale.setDefault(Locale.GERMANY);
            prediction = new OutOfMemorySplitter(fake, 0).predict(audio);
        } finally {
            Locale.setDefault(previous);
        }

        assertThat(prediction.errors().get(0))
                .startsWith("out of memory running 50.0 s of audio alone: ");
    }

    @Test
    void anItemThatFailsAloneBecomesAnErrorAndTheRestRun() {
        List<float[]> audio = batch(4, 100);
        float[] tooLong = new float[16_000 * 50];
        tooLong[0] = 2;
        audio.set(2, tooLong);
        FakePredictor fake = new FakePredictor(Long.MAX_VALUE, 16_000 * 40);

        SplitPrediction prediction = new OutOfMemorySplitter(fake, 0).predict(audio);

        assertThat(prediction.errors().get(2))
                .startsWith("out of memory running 50.0 s of audio alone: ")
                .contains("CUDA out of memory");
        assertThat(prediction.logits().get(2)).isNull();
        assertThat(prediction.failures().get(2)).hasMessageContaining("CUDA out of memory");
        assertThat(prediction.failures()).containsOnlyOnce(prediction.failures().get(2));
        for (int i : List.of(0, 1, 3)) {
            assertThat(prediction.succeeded(i)).as("item " + i).isTrue();
            assertThat(prediction.logits().get(i)[0][0]).isEqualTo(i);
        }
        // [0..3] fails, [0,1] runs, [2,3] fails, [2] fails alone, [3] runs.
        assertThat(prediction.batchesRun()).containsExactly(List.of(0, 1), List.of(3));
        assertThat(prediction.splits()).isEqualTo(2);
    }

    @Test
    void anotherFailureFailsTheWholeBatchWithoutRetrying() {
        List<Integer> calls = new ArrayList<>();
        BatchPredictor broken =
                audio -> {
                    calls.add(audio.size());
                    throw new TranslateException("Expected 2-D input, got 3-D");
                };

        SplitPrediction prediction = new OutOfMemorySplitter(broken, 0).predict(batch(4, 10));

        assertThat(calls).containsExactly(4);
        assertThat(prediction.errors()).containsOnly("Expected 2-D input, got 3-D");
        // What was thrown is kept, for callers to chain as the cause.
        assertThat(prediction.failures())
                .hasSize(4)
                .allSatisfy(
                        failure ->
                                assertThat(failure)
                                        .isInstanceOf(TranslateException.class)
                                        .hasMessage("Expected 2-D input, got 3-D"));
        assertThat(prediction.batchesRun()).isEmpty();
    }

    @Test
    void anUtteranceOutOfMemoryAloneForAMomentIsTriedAgain() {
        // Another task's batch held the GPU's memory for a moment: the third try fits.
        List<Integer> calls = new ArrayList<>();
        BatchPredictor crowded =
                audio -> {
                    calls.add(audio.size());
                    if (calls.size() <= OutOfMemorySplitter.SINGLE_RETRIES) {
                        throw new TranslateException(
                                new EngineException("CUDA out of memory. Tried to allocate 2 GiB"));
                    }
                    return List.<float[][]>of(new float[][] {{7}});
                };

        SplitPrediction prediction = new OutOfMemorySplitter(crowded, 0).predict(batch(1, 10));

        assertThat(calls).hasSize(1 + OutOfMemorySplitter.SINGLE_RETRIES);
        assertThat(prediction.succeeded(0)).isTrue();
        assertThat(prediction.logits().get(0)[0][0]).isEqualTo(7);
    }

    @Test
    void anUtteranceOutOfMemoryOnEveryTryGetsTheErrorAfterTheRetries() {
        List<float[]> audio = List.of(new float[16_000 * 50]);
        FakePredictor fake = new FakePredictor(Long.MAX_VALUE, 16_000 * 40);

        SplitPrediction prediction = new OutOfMemorySplitter(fake, 0).predict(audio);

        assertThat(fake.callSizes).hasSize(1 + OutOfMemorySplitter.SINGLE_RETRIES);
        assertThat(prediction.errors().get(0)).startsWith("out of memory running 50.0 s");
    }

    @Test
    void theJavaHeapRunningOutSplitsTheBatchAsTheEngineRunningOutDoes() {
        BatchPredictor heapBound =
                audio -> {
                    if (audio.size() > 2) {
                        throw new OutOfMemoryError("Java heap space");
                    }
                    return audio.stream().map(a -> new float[][] {{a[0]}}).toList();
                };

        SplitPrediction prediction = new OutOfMemorySplitter(heapBound, 0).predict(batch(4, 10));

        assertThat(prediction.splits()).isEqualTo(1);
        for (int i = 0; i < 4; i++) {
            assertThat(prediction.logits().get(i)[0][0]).isEqualTo(i);
        }
    }

    @Test
    void aFaultOfTheDeviceFailsTheTaskInsteadOfEveryUtterance() {
        // After an illegal memory access the GPU's context is unusable: every later batch would
        // fail too, so the task must fail for Spark to run it elsewhere.
        List<Integer> calls = new ArrayList<>();
        BatchPredictor faulty =
                audio -> {
                    calls.add(audio.size());
                    throw new TranslateException(
                            new EngineException(
                                    "CUDA error: an illegal memory access was encountered"));
                };

        assertThatThrownBy(() -> new OutOfMemorySplitter(faulty, 0).predict(batch(4, 10)))
                .isInstanceOf(DeviceFailureException.class)
                .hasMessage(
                        "The device failed running a batch of 4 utterance(s), so the task fails"
                                + " for Spark to run it again: ai.djl.engine.EngineException: CUDA"
                                + " error: an illegal memory access was encountered")
                .hasCauseInstanceOf(TranslateException.class);
        assertThat(calls).containsExactly(4);
    }

    private static List<Integer> range(int size) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            all.add(i);
        }
        return all;
    }
}
