package org.wav2vec2spark.jobs;

/** How a job's command line reports a Spark job that failed: its root cause, in one line. */
final class JobFailure {

    /** The exit code of a job whose Spark work failed. */
    static final int EXIT_CODE = 3;

    private JobFailure() {}

    /**
     * The innermost cause, which is what users can act on (Spark wraps a task's exception in
     * several layers); the full trace is in the log.
     */
    static String describe(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
