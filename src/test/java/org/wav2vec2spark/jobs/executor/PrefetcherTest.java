package org.wav2vec2spark.jobs.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

class PrefetcherTest {

    private static final String THREAD = "prefetcher-test-reader";

    /** Sizes 1..7 repeating, so items differ in size. */
    private static int sizeOf(int item) {
        return 1 + item % 7;
    }

    @ParameterizedTest(name = "bound {0}, {1} queued, loader {2} ms, consumer {3} ms")
    @CsvSource({"10, 64, 2, 0", "10, 64, 0, 2", "3, 4, 1, 1", "1, 1, 0, 1", "1000, 64, 0, 0"})
    void yieldsEveryItemOnceInOrderWithinTheBound(
            long bound, int queued, int loaderMillis, int consumerMillis) throws Exception {
        int count = 60;
        Thread consumer = Thread.currentThread();
        AtomicLong inFlight = new AtomicLong();
        AtomicLong maxInFlight = new AtomicLong();
        List<Integer> loadedOn = new ArrayList<>();
        Iterator<Integer> input =
                new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        assertThat(Thread.currentThread()).isSameAs(consumer);
                        return next < count;
                    }

                    @Override
                    public Integer next() {
                        assertThat(Thread.currentThread()).isSameAs(consumer);
                        return next++;
                    }
                };
        List<Integer> out = new ArrayList<>();
        try (Prefetcher<Integer, Integer> prefetcher =
                new Prefetcher<>(
                        input,
                        item -> {
                            sleep(loaderMillis);
                            synchronized (loadedOn) {
                                loadedOn.add(item);
                            }
                            long now = inFlight.addAndGet(sizeOf(item));
                            maxInFlight.accumulateAndGet(now, Math::max);
                            return item;
                        },
                        PrefetcherTest::sizeOf,
                        bound,
                        queued,
                        THREAD)) {
            while (prefetcher.hasNext()) {
                int item = prefetcher.next();
                inFlight.addAndGet(-sizeOf(item));
                out.add(item);
                sleep(consumerMillis);
            }
        }
        assertThat(out).containsExactlyElementsOf(IntStream.range(0, count).boxed().toList());
        // Loaded and not yet let go by the consumer: the bound, plus the one item the loader holds
        // while it waits for room, plus the item the consumer has just taken (its permits are back
        // before this test's counter goes down); the largest item is 7. Without the bound, a fast
        // loader would run up to 64 queued items (about 250) ahead of a slow consumer.
        assertThat(maxInFlight.get()).isLessThanOrEqualTo(bound + 7 + 7);
        assertThat(readerThreadAlive()).isFalse();
    }

    @Test
    void aLoaderExceptionEndsTheIterationAndStopsTheThread() {
        Prefetcher<Integer, Integer> prefetcher =
                new Prefetcher<>(
                        IntStream.range(0, 10).iterator(),
                        item -> {
                            if (item == 3) {
                                throw new IllegalStateException("cannot load 3");
                            }
                            return item;
                        },
                        item -> 1,
                        5,
                        8,
                        THREAD);
        List<Integer> out = new ArrayList<>();
        assertThatThrownBy(
                        () -> {
                            while (prefetcher.hasNext()) {
                                out.add(prefetcher.next());
                            }
                        })
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot load 3");
        assertThat(out).containsExactly(0, 1, 2);
        assertThat(prefetcher.hasNext()).isFalse();
        assertThat(readerThreadAlive()).isFalse();
    }

    @Test
    void closeStopsALoaderWaitingForRoom() {
        // A consumer that stops after one item leaves the loader blocked on the full bound, as a
        // failed or killed task does; close() must still end the thread.
        Prefetcher<Integer, Integer> prefetcher =
                new Prefetcher<>(
                        IntStream.range(0, 100).iterator(), item -> item, item -> 1, 2, 64, THREAD);
        assertThat(prefetcher.next()).isZero();
        sleep(50);
        assertThat(readerThreadAlive()).isTrue();

        prefetcher.close();

        assertThat(readerThreadAlive()).isFalse();
        assertThat(prefetcher.hasNext()).isFalse();
    }

    @Test
    void refusesEmptyBounds() {
        assertThatThrownBy(
                        () ->
                                new Prefetcher<Integer, Integer>(
                                        List.<Integer>of().iterator(),
                                        i -> i,
                                        i -> 1,
                                        0,
                                        1,
                                        THREAD))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Prefetch bounds must be >= 1, got 0 in flight and 1 queued");
    }

    private static boolean readerThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals(THREAD) && t.isAlive());
    }

    private static void sleep(int millis) {
        if (millis == 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
