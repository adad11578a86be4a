package org.wav2vec2spark.jobs;

/**
 * Estimates how long a run has left from its pace since the first item was seen done.
 *
 * <p>The time before that goes to starting executors, loading the model and reading the first
 * audio, once per run: dividing the whole elapsed time by the items done would charge it to every
 * item left, and a short run's first line said "about 19m40s left" for a run that took 32 s. The
 * first observation only sets the starting point; estimates follow once more items are done.
 */
final class RemainingTime {

    private long startDone = -1;
    private double startSeconds;

    /**
     * Takes one observation and estimates the time left.
     *
     * @param done items done so far
     * @param total items in all
     * @param elapsedSeconds seconds since the run started
     * @return seconds left, or NaN while the pace is not known yet
     */
    double secondsLeft(long done, long total, double elapsedSeconds) {
        if (done >= total) {
            return 0;
        }
        if (startDone < 0) {
            startDone = done;
            startSeconds = elapsedSeconds;
            return Double.NaN;
        }
        if (done <= startDone || elapsedSeconds <= startSeconds) {
            return Double.NaN;
        }
        return (elapsedSeconds - startSeconds) * (total - done) / (done - startDone);
    }
}
