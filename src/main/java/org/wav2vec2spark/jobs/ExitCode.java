package org.wav2vec2spark.jobs;

/**
 * The exit codes of the jobs' command lines, for cron, Airflow and shell scripts to act on. Code 1
 * is each job's own "ran, but look": evaluate and transcribe {@link #TOO_MANY_FAILED}, doctor a
 * failed check. The nightly job keeps codes of its own ({@link NightlyJob#OK}, {@link
 * NightlyJob#REGRESSION}, {@link NightlyJob#ERROR}), as a scheduler reads "regressed" from 1 and
 * every error, usage or not, from 2.
 */
final class ExitCode {
    /** The job did what it was asked. */
    static final int OK = 0;

    /**
     * Evaluate and transcribe committed their run, but more of its utterances or recordings failed
     * than {@code --max-failed-fraction} allows.
     */
    static final int TOO_MANY_FAILED = 1;

    /** A usage, configuration or input error, found before any result was written. */
    static final int USAGE = 2;

    /**
     * Spark could not start, the Spark job failed, its output could not be written, or another job
     * holds the output.
     */
    static final int FAILED = 3;

    private ExitCode() {}
}
