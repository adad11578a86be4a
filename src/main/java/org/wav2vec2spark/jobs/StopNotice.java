package org.wav2vec2spark.jobs;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Says once on stderr that the driver stopped, when SIGTERM or Ctrl-C ends it while a job runs. The
 * job's own thread, which finds its Spark job cancelled under it, may not get to say so before the
 * JVM halts, so a shutdown hook says it too, before Spark's hook stops the context (Spark's runs at
 * {@code FileSystem.SHUTDOWN_HOOK_PRIORITY + 30}; Hadoop runs higher priorities first).
 *
 * <p>Once said, Spark's loggers are turned off: what Spark logs while its tasks are torn down under
 * them ({@code Aborting task}, connections refused, a class server gone) is the stop's echo, and
 * buried the line. The project's go on (an earlier output put back, a lock that could not be
 * deleted).
 */
final class StopNotice implements AutoCloseable {

    private static final int SHUTDOWN_PRIORITY = FileSystem.SHUTDOWN_HOOK_PRIORITY + 40;

    /** The loggers turned off once the stop is said. */
    static final String SPARK_LOGGERS = "org.apache.spark";

    private final String job;
    private final AtomicBoolean said = new AtomicBoolean();
    private final Runnable hook = this::say;

    private StopNotice(String job) {
        this.job = job;
    }

    /**
     * A notice for a job that is about to run, its hook registered.
     *
     * @param job the job's name, which starts the message
     */
    static StopNotice register(String job) {
        StopNotice notice = new StopNotice(job);
        ShutdownHookManager.get().addShutdownHook(notice.hook, SHUTDOWN_PRIORITY);
        return notice;
    }

    /**
     * Says it when SIGTERM or Ctrl-C is stopping the JVM: Spark's hook stopped the context under
     * the job, and the job's exception says nothing of that.
     *
     * @return whether the JVM is stopping, so that the caller reports nothing more
     */
    boolean sayIfStopping() {
        if (!ShutdownHookManager.get().isShutdownInProgress()) {
            return false;
        }
        say();
        return true;
    }

    /** Says it, unless it was said already. */
    void say() {
        if (said.compareAndSet(false, true)) {
            System.err.println(
                    job
                            + ": stopped: the driver is shutting down (SIGTERM, Ctrl-C or"
                            + " System.exit); run the job again");
            quietenTeardown();
        }
    }

    private static void quietenTeardown() {
        try {
            Configurator.setLevel(SPARK_LOGGERS, Level.OFF);
        } catch (LinkageError | RuntimeException e) {
            // Another logging backend than Spark's (log4j-core missing, or not the provider):
            // Spark's teardown stays as loud as before, which costs nothing but the noise.
        }
    }

    /** The job ended on its own: the hook goes (it cannot while the JVM shuts down). */
    @Override
    public void close() {
        if (!ShutdownHookManager.get().isShutdownInProgress()) {
            ShutdownHookManager.get().removeShutdownHook(hook);
        }
    }
}
