package org.wav2vec2spark.jobs.executor;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Loads items on one background thread ahead of the consumer, in input order, with a bounded amount
 * of loaded data waiting: the evaluator's bounded queue that keeps the model from waiting on
 * reading and decoding.
 *
 * <p>The consumer's thread alone reads the input iterator (Spark's partition iterator stays on the
 * task thread); it hands at most {@code maxQueued} items to the loader thread. A loaded item then
 * takes "size" permits (its samples, at most the whole bound) before it is queued, and gives them
 * back when the consumer takes it, so loaded-but-untaken data stays within the bound plus the one
 * item the loader holds while it waits. The loader must report expected failures in its result;
 * anything it throws ends the iteration with that exception. {@link #close()} stops the thread; it
 * is also called when the last item is taken.
 *
 * @param <I> input item
 * @param <O> loaded item
 */
final class Prefetcher<I, O> implements Iterator<O>, AutoCloseable {

    private record Held<O>(O value, int permits) {}

    private final Iterator<I> input;
    private final Function<I, O> loader;
    private final ToLongFunction<O> size;
    private final int maxPermits;
    private final int maxQueued;
    private final Semaphore permits;
    private final ExecutorService thread;
    private final List<Thread> started = new CopyOnWriteArrayList<>();
    private final ArrayDeque<Future<Held<O>>> pending = new ArrayDeque<>();
    private boolean closed;

    /**
     * Starts a prefetcher.
     *
     * @param input items to load, read on the caller's thread only
     * @param loader loads one item on the background thread
     * @param size an item's size in the bound's unit (samples)
     * @param maxSizeInFlight the bound on loaded, untaken data (>= 1)
     * @param maxQueued the most items handed to the loader thread at once (>= 1)
     * @param threadName the loader thread's name
     */
    Prefetcher(
            Iterator<I> input,
            Function<I, O> loader,
            ToLongFunction<O> size,
            long maxSizeInFlight,
            int maxQueued,
            String threadName) {
        if (maxSizeInFlight < 1 || maxQueued < 1) {
            throw new IllegalArgumentException(
                    "Prefetch bounds must be >= 1, got "
                            + maxSizeInFlight
                            + " in flight and "
                            + maxQueued
                            + " queued");
        }
        this.input = input;
        this.loader = loader;
        this.size = size;
        this.maxPermits = (int) Math.min(maxSizeInFlight, Integer.MAX_VALUE);
        this.maxQueued = maxQueued;
        this.permits = new Semaphore(maxPermits);
        this.thread =
                Executors.newSingleThreadExecutor(
                        task -> {
                            Thread t = new Thread(task, threadName);
                            t.setDaemon(true);
                            started.add(t);
                            return t;
                        });
    }

    @Override
    public boolean hasNext() {
        if (closed) {
            return false;
        }
        fill();
        if (pending.isEmpty()) {
            close();
            return false;
        }
        return true;
    }

    @Override
    public O next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Held<O> held = await(pending.poll());
        permits.release(held.permits());
        fill();
        return held.value();
    }

    /**
     * Stops the loader thread and drops what it loaded; safe to call more than once. On return the
     * thread has ended (or 10 seconds have passed): the executor counts as terminated a moment
     * before its worker thread dies, so this joins the thread itself.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        pending.forEach(future -> future.cancel(true));
        pending.clear();
        thread.shutdownNow();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try {
            for (Thread t : started) {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void fill() {
        while (!closed && pending.size() < maxQueued && input.hasNext()) {
            I item = input.next();
            pending.add(
                    thread.submit(
                            () -> {
                                O loaded = loader.apply(item);
                                int taken = (int) Math.min(size.applyAsLong(loaded), maxPermits);
                                permits.acquire(taken);
                                return new Held<>(loaded, taken);
                            }));
        }
    }

    private Held<O> await(Future<Held<O>> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for audio", e);
        } catch (ExecutionException e) {
            close();
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("Loading audio failed", e.getCause());
        }
    }
}
