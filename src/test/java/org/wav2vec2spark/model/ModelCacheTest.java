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

class ModelCacheTest {

    @TempDir Path temp;

    @AfterEach
    void closeModels() {
        ModelCache.closeAll();
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
            List<Future<Wav2Vec2Model>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                // half the callers spell the path differently; it is the same directory
                Path spelling = i % 2 == 0 ? copy : copy.resolve("..").resolve("model");
                results.add(
                        pool.submit(
                                () -> {
                                    start.await();
                                    return ModelCache.get(spelling, Device.cpu());
                                }));
            }
            start.countDown();
            Wav2Vec2Model first = results.get(0).get(60, TimeUnit.SECONDS);
            for (Future<Wav2Vec2Model> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isSameAs(first);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(ModelCache.loadCount() - loadsBefore).isEqualTo(1);
        assertThat(ModelCache.get(copy, Device.cpu())).isNotNull();
        assertThat(ModelCache.loadCount() - loadsBefore).isEqualTo(1);
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
}
