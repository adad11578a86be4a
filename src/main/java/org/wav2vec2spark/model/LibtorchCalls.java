package org.wav2vec2spark.model;

import java.time.Duration;

/**
 * The long calls into libtorch in progress in this JVM (model loads and forward passes), which the
 * JVM's exit waits for.
 *
 * <p>When Ctrl-C or SIGTERM ends a JVM while a task thread is inside a forward pass, the exit tears
 * libtorch's native state down under that thread, and the JVM dies with SIGSEGV in {@code
 * libtorch_cpu.so}, its crash banner on stdout (2 of 8 Ctrl-Cs during the bundled evaluation). A
 * shutdown hook therefore holds the exit until the calls in progress have returned, for at most
 * {@link #EXIT_WAIT}; a call that would start once the exit has begun waits for the JVM to end
 * instead. Its task is being torn down with the JVM, so nothing it would compute could be used, and
 * failing the call instead would write the utterances as failed.
 */
public final class LibtorchCalls {

    /** How long the JVM's exit waits for calls in progress: a forward pass of a long batch. */
    static final Duration EXIT_WAIT = Duration.ofSeconds(30);

    private static final LibtorchCalls JVM = new LibtorchCalls();

    static {
        try {
            Runtime.getRuntime()
                    .addShutdownHook(
                            new Thread(() -> JVM.awaitExit(EXIT_WAIT), "libtorch-calls-on-exit"));
        } catch (IllegalStateException e) {
            // First used as the JVM exits: no call may start any more.
            JVM.refuseCalls();
        }
    }

    private final Object lock = new Object();
    private int inProgress;
    private boolean exiting;

    LibtorchCalls() {}

    /** A call into libtorch. */
    @FunctionalInterface
    public interface Call<T, E extends Exception> {
        /** Makes the call. */
        T run() throws E;
    }

    /**
     * Makes a call that the JVM's exit waits for.
     *
     * @param call the call into libtorch
     * @return what it returned
     * @throws E what it threw
     */
    public static <T, E extends Exception> T run(Call<T, E> call) throws E {
        return JVM.call(call);
    }

    /** Makes a call, counted as in progress until it returns or throws. */
    <T, E extends Exception> T call(Call<T, E> call) throws E {
        enter();
        try {
            return call.run();
        } finally {
            leave();
        }
    }

    /**
     * Refuses new calls (they wait for ever), then waits for those in progress to return.
     *
     * @param limit the longest wait
     * @return whether every call returned within it
     */
    boolean awaitExit(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (lock) {
            refuseCalls();
            while (inProgress > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    System.err.println(
                            inProgress
                                    + " libtorch call(s) still running after "
                                    + limit.toSeconds()
                                    + " s; the JVM exits under them");
                    return false;
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    private void refuseCalls() {
        synchronized (lock) {
            exiting = true;
        }
    }

    private void enter() {
        synchronized (lock) {
            while (exiting) { // never to be false again: the thread waits for the JVM to end
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    // Spark kills the task by interrupting it; the call still must not start.
                }
            }
            inProgress++;
        }
    }

    private void leave() {
        synchronized (lock) {
            inProgress--;
            lock.notifyAll();
        }
    }
}
