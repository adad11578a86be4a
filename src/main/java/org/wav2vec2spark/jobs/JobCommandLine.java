package org.wav2vec2spark.jobs;

import org.apache.spark.sql.SparkSession;
import org.wav2vec2spark.jobs.output.OutputWriteException;
import org.wav2vec2spark.report.FailedShare;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/**
 * The part of the evaluate and transcribe command lines that follows parsing: starts the Spark
 * session, runs the job in it, turns whatever goes wrong into an exit code with one line on stderr,
 * and stops the session.
 *
 * <p>Nothing may escape: an uncaught exception or {@link Error} makes the JVM exit with 1, which
 * for the evaluate job means "more failed utterances than allowed". The nightly job reports on
 * stdout and exits 2 for every failure, so it keeps its own flow.
 */
final class JobCommandLine {

    /** A job's work in a started session. */
    @FunctionalInterface
    interface Work {
        /** Runs the job; returns the exit code of a run that finished. */
        int run(SparkSession spark) throws Exception;
    }

    private JobCommandLine() {}

    /**
     * Runs the work in a session built from the job's {@code --master} and {@code --conf}.
     *
     * @param job the job's name, which starts every message: {@code evaluate}
     * @param master the {@code --master} option, or {@code null}
     * @param sparkConf the {@code --conf} settings
     * @return the work's exit code; 2 (a usage, configuration or input error) when it threw an
     *     {@link IOException} or an {@link IllegalArgumentException}; {@link JobFailure#EXIT_CODE}
     *     when Spark could not start, the work could not write its output ({@link
     *     OutputWriteException}) or threw anything else
     */
    static int runInSession(String job, String master, Map<String, String> sparkConf, Work work) {
        try {
            MasterReachability.require(JobSessions.master(master, sparkConf));
        } catch (IOException e) {
            System.err.println(job + ": cannot start Spark: " + e.getMessage());
            return ExitCode.FAILED;
        }
        // Before Spark starts, which takes seconds: Ctrl-C then is a stop like any other.
        StopNotice stopNotice = StopNotice.register(job);
        SparkSession spark = null;
        try {
            spark = JobSessions.create("wav2vec2-spark " + job, master, sparkConf);
            return work.run(spark);
        } catch (Exception | Error e) {
            // SparkException is checked, though Scala does not declare it.
            if (stopNotice.sayIfStopping()) {
                return ExitCode.FAILED;
            }
            return spark == null ? cannotStart(job, e) : reportFailure(job, e);
        } finally {
            stopNotice.close();
            if (spark != null) {
                spark.stop();
            }
        }
    }

    /** Says on stderr that Spark could not start, and why: a mistyped --master, a bad --conf. */
    private static int cannotStart(String job, Throwable e) {
        if (e instanceof Error) { // a missing class or native library: the trace says which
            e.printStackTrace();
        }
        // Spark has logged an exception's trace already; a second copy would only bury the line.
        System.err.println(job + ": cannot start Spark: " + JobFailure.describe(e));
        return ExitCode.FAILED;
    }

    /**
     * Says on stderr why the work stopped, and returns the exit code for it. A job stopped by the
     * JVM shutting down is not reported here: SIGTERM or Ctrl-C made Spark's shutdown hook stop the
     * context under it, whose exception (a NullPointerException, often) says nothing of the cause,
     * and {@link StopNotice} says what happened instead.
     */
    static int reportFailure(String job, Throwable e) {
        if (e instanceof OutputWriteException) {
            // A failure of the run, not of its command or input.
            System.err.println(job + ": " + e.getMessage());
            return ExitCode.FAILED;
        }
        if (e instanceof IOException || e instanceof IllegalArgumentException) {
            System.err.println(job + ": " + e.getMessage());
            return ExitCode.USAGE;
        }
        if (e instanceof Error) { // an OutOfMemoryError or a missing native library on the driver
            e.printStackTrace();
        }
        // A Spark job failure (say, a task that failed on every attempt): Spark has logged the
        // trace, and the root cause is what users can act on.
        System.err.println(job + ": the job failed: " + JobFailure.describe(e));
        return ExitCode.FAILED;
    }

    /**
     * Whether more of a run's items failed than {@code --max-failed-fraction} allows, said on
     * stderr when so; a run with no items has none failed.
     *
     * @param job the job's name, which starts the message
     * @param items what the job counts, plural: {@code utterances}
     * @param failed the items that failed
     * @param total the items of the run
     * @param maxFailedFraction the share of failed items allowed
     * @return true when the job should exit 1
     */
    static boolean tooManyFailed(
            String job, String items, long failed, long total, double maxFailedFraction) {
        boolean tooMany = FailedShare.above(failed, total, maxFailedFraction);
        if (tooMany) {
            System.err.printf(
                    Locale.ROOT,
                    "%s: %d of %d %s failed, more than --max-failed-fraction %s allows%n",
                    job,
                    failed,
                    total,
                    items,
                    maxFailedFraction);
        }
        return tooMany;
    }
}
