package org.wav2vec2spark.jobs;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Locale;

/**
 * Logs the evaluation's progress on the driver as tasks finish: utterances done, audio hours,
 * real-time factor and an estimate of the time left, at most once per interval.
 *
 * <p>It reads the job's accumulators, which the driver has merged by the time a task-end event
 * reaches listeners, so progress moves in steps of one partition.
 */
final class ProgressReporter extends SparkListener {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressReporter.class);

    private final EvaluateMetrics metrics;
    private final long expectedUtterances;
    private final String unit;
    private final long intervalNanos;
    private final long startNanos = System.nanoTime();
    private long lastReportNanos;

    /**
     * @param metrics the job's accumulators
     * @param expectedUtterances utterances the listing found (the join may add transcript-only
     *     ones)
     * @param interval shortest time between two progress lines
     */
    ProgressReporter(EvaluateMetrics metrics, long expectedUtterances, Duration interval) {
        this(metrics, expectedUtterances, interval, "utterances");
    }

    /**
     * @param metrics the job's accumulators ({@code utterances} counts whatever the job processes)
     * @param expected items the listing found
     * @param interval shortest time between two progress lines
     * @param unit what is counted, in the plural, e.g. {@code recordings}
     */
    ProgressReporter(EvaluateMetrics metrics, long expected, Duration interval, String unit) {
        this.unit = unit;
        this.metrics = metrics;
        this.expectedUtterances = expected;
        this.intervalNanos = interval.toNanos();
        this.lastReportNanos = startNanos;
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        long now = System.nanoTime();
        long done = metrics.utterances().value();
        if (done == 0 || now - lastReportNanos < intervalNanos) {
            return;
        }
        lastReportNanos = now;
        LOG.info(line(done, metrics.audioMillis().value() / 1000.0, (now - startNanos) / 1e9));
    }

    /** One progress line; package-private for tests. */
    String line(long done, double audioSeconds, double elapsedSeconds) {
        long total = Math.max(done, expectedUtterances);
        double remaining = done == 0 ? Double.NaN : elapsedSeconds * (total - done) / done;
        return String.format(
                Locale.ROOT,
                "progress: %d of %d %s (%.0f%%), %.2f h of audio, %.1fx real time, about %s"
                        + " left",
                done,
                total,
                unit,
                100.0 * done / total,
                audioSeconds / 3600,
                elapsedSeconds > 0 ? audioSeconds / elapsedSeconds : 0,
                Double.isNaN(remaining) ? "?" : humanDuration(remaining));
    }

    private static String humanDuration(double seconds) {
        Duration d = Duration.ofSeconds(Math.round(seconds));
        return d.toHours() > 0
                ? String.format(Locale.ROOT, "%dh%02dm", d.toHours(), d.toMinutesPart())
                : String.format(Locale.ROOT, "%dm%02ds", d.toMinutes(), d.toSecondsPart());
    }
}
