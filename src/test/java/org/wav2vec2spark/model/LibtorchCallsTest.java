package org.wav2vec2spark.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/** The JVM's exit held until libtorch calls in progress return, and no call started after. */
@Timeout(30)
class LibtorchCallsTest {
    private final LibtorchCalls calls = new LibtorchCalls();

    @Test
    void anExitWaitsForTheCallInProgressToReturn() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread forward = callInProgressUntil(release);

        CompletableFuture<Boolean> exit =
                CompletableFuture.supplyAsync(() -> calls.awaitExit(Duration.ofMinutes(1)));
        Thread.sleep(100);

        assertThat(exit).isNotDone();
        release.countDown();
        assertThat(exit.get()).isTrue();
        forward.join();
    }

    @Test
    void aCallMadeOnceTheExitBeganNeverStartsEvenWhenInterrupted() throws Exception {
        assertThat(calls.awaitExit(Duration.ofSeconds(1))).isTrue();
        AtomicBoolean started = new AtomicBoolean();

        Thread late =
                daemon(
                        () ->
                                calls.call(
                                        () -> {
                                            started.set(true);
                                            return null;
                                        }));
        awaitState(late, Thread.State.WAITING);
        // Spark kills a task by interrupting its thread.
        late.interrupt();
        Thread.sleep(100);
        awaitState(late, Thread.State.WAITING);

        assertThat(started).isFalse();
        assertThat(late.isAlive()).isTrue();
    }

    @Test
    void anExitGivesUpOnACallThatDoesNotReturnInTime() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        callInProgressUntil(release);

        assertThat(calls.awaitExit(Duration.ofMillis(50))).isFalse();
        release.countDown();
    }

    @Test
    void aCallThatThrowsIsNoLongerInProgress() {
        assertThatThrownBy(
                        () ->
                                calls.call(
                                        () -> {
                                            throw new IOException("model.pt is corrupt");
                                        }))
                .isInstanceOf(IOException.class)
                .hasMessage("model.pt is corrupt");

        assertThat(calls.awaitExit(Duration.ofMillis(1))).isTrue();
    }

    @Test
    void theJvmsCallsReturnWhatTheCallReturns() throws Exception {
        assertThat(LibtorchCalls.run(() -> 42)).isEqualTo(42);
    }

    /** A thread inside a call, as a forward pass is, until {@code release} counts down. */
    private Thread callInProgressUntil(CountDownLatch release) throws InterruptedException {
        CountDownLatch inside = new CountDownLatch(1);
        Thread thread =
                daemon(
                        () ->
                                calls.call(
                                        () -> {
                                            inside.countDown();
                                            release.await();
                                            return null;
                                        }));
        inside.await();
        return thread;
    }

    private static Thread daemon(LibtorchCalls.Call<Object, Exception> body) {
        Thread thread =
                new Thread(
                        () -> {
                            try {
                                body.run();
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        });
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void awaitState(Thread thread, Thread.State state) throws InterruptedException {
        while (thread.isAlive() && thread.getState() != state) {
            Thread.sleep(5);
        }
    }
}
