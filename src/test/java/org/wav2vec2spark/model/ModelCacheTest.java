package org.wav2vec2spark.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

class ModelCacheTest {

    @TempDir Path temp;

    @AfterEach
    void closeModels() {
        ModelCache.closeAll();
    }

    @Test
    void onlyTheCallThatLoadsSaysSo() throws Exception {
        Path copy = BundledModel.copyTo(temp.resolve("model"));

        ModelCache.CachedModel first = ModelCache.lookUp(copy, Device.cpu());
        ModelCache.CachedModel again = ModelCache.lookUp(copy, Device.cpu());
        ModelCache.closeAll();
        ModelCache.CachedModel afterClose = ModelCache.lookUp(copy, Device.cpu());

        assertThat(first.loadedByThisCall()).isTrue();
        assertThat(again.loadedByThisCall()).isFalse();
        assertThat(again.model()).isSameAs(first.model());
        assertThat(afterClose.loadedByThisCall()).isTrue();
    }

    @Test
    void loadsOnceUnderConcurrentFirstUse() throws Exception {
        // A fresh copy, so no earlier test has loaded this key.
        Path copy = BundledModel.copyTo(temp.resolve("model"));
        int threads = 8;
        long loadsBefore = ModelCache.loadCount();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<ModelCache.CachedModel>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                // half the callers spell the path differently; it is the same directory
                Path spelling = i % 2 == 0 ? copy : copy.resolve("..").resolve("model");
                results.add(
                        pool.submit(
                                () -> {
                                    start.await();
                                    return ModelCache.lookUp(spelling, Device.cpu());
                                }));
            }
            start.countDown();
            Wav2Vec2Model first = results.get(0).get(60, TimeUnit.SECONDS).model();
            int loadedHere = 0;
            for (Future<ModelCache.CachedModel> result : results) {
                ModelCache.CachedModel cached = result.get(60, TimeUnit.SECONDS);
                assertThat(cached.model()).isSameAs(first);
                loadedHere += cached.loadedByThisCall() ? 1 : 0;
            }
            assertThat(loadedHere).as("callers told they loaded the model").isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(ModelCache.loadCount() - loadsBefore).isEqualTo(1);
        assertThat(ModelCache.get(copy, Device.cpu())).isNotNull();
        assertThat(ModelCache.loadCount() - loadsBefore).isEqualTo(1);
    }

    @Test
    void aNewVersionOfADirectorysFilesIsLoadedAnew() throws Exception {
        // A model exported again into the same folder between two jobs of one application: the
        // driver's digest of the files differs, and the old model must not answer for the new.
        Path copy = BundledModel.copyTo(temp.resolve("model"));

        ModelCache.CachedModel before = ModelCache.lookUp(copy, "digest-1", Device.cpu());
        ModelCache.CachedModel same = ModelCache.lookUp(copy, "digest-1", Device.cpu());
        ModelCache.CachedModel after = ModelCache.lookUp(copy, "digest-2", Device.cpu());

        assertThat(same.model()).isSameAs(before.model());
        assertThat(same.loadedByThisCall()).isFalse();
        assertThat(after.loadedByThisCall()).isTrue();
        assertThat(after.model()).isNotSameAs(before.model());
        assertThat(ModelCache.loadCount(copy, Device.cpu())).isEqualTo(2);
    }

    @Test
    void loadsEachDirectorySeparately() throws Exception {
        Path first = BundledModel.copyTo(temp.resolve("first"));
        Path second = BundledModel.copyTo(temp.resolve("second"));
        long loadsBefore = ModelCache.loadCount();

        Wav2Vec2Model a = ModelCache.get(first, Device.cpu());
        Wav2Vec2Model b = ModelCache.get(second, Device.cpu());

        assertThat(a).isNotSameAs(b);
        assertThat(ModelCache.loadCount() - loadsBefore).isEqualTo(2);
    }

    @Test
    void doesNotCacheAFailedLoad() throws Exception {
        Path copy = BundledModel.copyTo(temp.resolve("model"));
        BundledModel.dropLastToken(copy);
        long loadsBefore = ModelCache.loadCount();

        assertThatThrownBy(() -> ModelCache.get(copy, Device.cpu()))
                .isInstanceOf(ModelLoadException.class);
        BundledModel.copyTo(temp.resolve("fixed"));
        java.nio.file.Files.copy(
                temp.resolve("fixed").resolve("vocab.json"),
                copy.resolve("vocab.json"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThat(ModelCache.get(copy, Device.cpu())).isNotNull();
        assertThat(ModelCache.loadCount() - loadsBefore).isEqualTo(1);
    }

    @Test
    void holdsOneModelPerDeviceSharedByItsCallers() throws Exception {
        // No GPU here: the loader loads on the CPU whatever device it is asked for, which is
        // enough to check that the cache keys models by (directory, device).
        Path copy = BundledModel.copyTo(temp.resolve("model"));
        ModelCache.Loader previous =
                ModelCache.replaceLoader(
                        (directory, device) -> Wav2Vec2Model.load(directory, Device.cpu()));
        try {
            Wav2Vec2Model gpu0 = ModelCache.get(copy, Device.gpu(0));
            Wav2Vec2Model gpu1 = ModelCache.get(copy, Device.gpu(1));
            Wav2Vec2Model gpu0Again = ModelCache.get(copy, Device.gpu(0));

            assertThat(gpu0).isNotSameAs(gpu1);
            assertThat(gpu0Again).isSameAs(gpu0);
            assertThat(ModelCache.loadCount(copy, Device.gpu(0))).isEqualTo(1);
            assertThat(ModelCache.loadCount(copy, Device.gpu(1))).isEqualTo(1);
            assertThat(ModelCache.loadCount(copy, Device.gpu(2))).isZero();
        } finally {
            ModelCache.replaceLoader(previous);
        }
    }

    @Test
    void aCallerThatFoundASlotJustBeforeCloseAllGetsACachedModel() throws Exception {
        // The race: a caller takes a slot from the map, closeAll() forgets and closes it, then
        // the caller asks the slot for its model. To hold the caller exactly there, a first caller
        // keeps the slot's lock in its loader while the second waits for that lock; the loader
        // then runs closeAll() (on the thread that holds the lock, so the close does not wait)
        // and fails, which hands the closed slot to the waiting caller.
        Path copy = BundledModel.copyTo(temp.resolve("model"));
        CountDownLatch firstLoading = new CountDownLatch(1);
        CountDownLatch secondWaiting = new CountDownLatch(1);
        AtomicInteger loads = new AtomicInteger();
        ModelCache.Loader previous =
                ModelCache.replaceLoader(
                        (directory, device) -> {
                            if (loads.incrementAndGet() > 1) {
                                return Wav2Vec2Model.load(directory, device);
                            }
                            firstLoading.countDown();
                            try {
                                secondWaiting.await();
                            } catch (InterruptedException e) {
                                throw new ModelLoadException("interrupted", e);
                            }
                            ModelCache.closeAll();
                            throw new ModelLoadException("first load fails after closeAll()");
                        });
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Wav2Vec2Model> first = pool.submit(() -> ModelCache.get(copy, Device.cpu()));
            firstLoading.await();
            AtomicReference<Thread> secondThread = new AtomicReference<>();
            Future<Wav2Vec2Model> second =
                    pool.submit(
                            () -> {
                                secondThread.set(Thread.currentThread());
                                return ModelCache.get(copy, Device.cpu());
                            });
            awaitBlockedOnTheSlot(second, secondThread);
            secondWaiting.countDown();

            assertThatThrownBy(() -> first.get(60, TimeUnit.SECONDS))
                    .hasRootCauseInstanceOf(ModelLoadException.class);
            Wav2Vec2Model model = second.get(60, TimeUnit.SECONDS);

            assertThat(loads).hasValue(2);
            assertThat(ModelCache.loadCount(copy, Device.cpu()))
                    .as("the second caller's model is in the cache, where closeAll() closes it")
                    .isEqualTo(1);
            assertThat(ModelCache.get(copy, Device.cpu())).isSameAs(model);
            assertThat(loads).hasValue(2);
        } finally {
            pool.shutdownNow();
            ModelCache.replaceLoader(previous);
        }
    }

    /**
     * Waits until the second caller waits for the slot's lock: it has taken the slot from the map
     * (the first caller made it, so the look-up cannot block) and can go no further while the first
     * caller holds the lock.
     */
    private static void awaitBlockedOnTheSlot(
            Future<?> second, AtomicReference<Thread> secondThread) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the second caller never waited for the slot's lock");
            }
            Thread thread = secondThread.get();
            if (second.isDone()) {
                throw new AssertionError("the second caller returned while the slot was locked");
            }
            if (thread != null && thread.getState() == Thread.State.BLOCKED) {
                return;
            }
            Thread.onSpinWait();
        }
    }
}
