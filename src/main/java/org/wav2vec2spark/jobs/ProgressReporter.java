package org.wav2vec2spark.jobs;

import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wav2vec2spark.jobs.executor.JobMetrics;

import scala.Tuple4;
import scala.jdk.javaapi.CollectionConverters;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Logs a job's progress on the driver once per interval while it runs: items done, audio hours,
 * real-time factor and, when the total is known, an estimate of the time left from the pace since
 * the first item was done ({@link RemainingTime}).
 *
 * <p>Until the first item is done it says so once per interval, with the time since the start.
 *
 * <p>Items done are what ended tasks counted plus what running tasks have counted so far, both from
 * the events this listener receives: executors send their tasks' accumulator values with every
 * heartbeat ({@code spark.executor.heartbeatInterval}, 10 s by default), which reach listeners as
 * {@link SparkListenerExecutorMetricsUpdate}s, and a task's {@link SparkListenerTaskEnd} carries
 * the updates the driver merged for it. So a long task shows progress before it ends, in steps of
 * one heartbeat.
 *
 * <p>The driver's accumulator values are not read: the DAGScheduler merges a task's updates into
 * them before it posts the task's end event, which reaches listeners later, through the
 * asynchronous listener bus. A line logged in between would count the task twice, in the
 * accumulators and by its last heartbeat. Events arrive in order on one thread, so counting from
 * them alone moves a task from running to ended in one step.
 */
final class ProgressReporter extends SparkListener {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressReporter.class);

    /** The jobs' time between two progress lines on the driver's console. */
    static final Duration INTERVAL = Duration.ofSeconds(10);

    private final JobMetrics metrics;
    private final long expected;
    private final long archives;
    private final String unit;
    private final Duration interval;
    private final long startNanos = System.nanoTime();

    private final RemainingTime remainingTime = new RemainingTime();

    /** Per running task: utterances and audio milliseconds its last heartbeat reported. */
    private final Map<Long, long[]> running = new HashMap<>();

    /** Ended tasks, whose late heartbeats must not count again what {@link #endedCounts} holds. */
    private final Set<Long> ended = new HashSet<>();

    /** Utterances and audio milliseconds of the ended tasks, as their end events reported. */
    private final long[] endedCounts = new long[2];

    /**
     * @param metrics the job's accumulators, whose ids pick their values out of the events ({@code
     *     utterances} counts whatever the job processes)
     * @param expected items listed ahead, outside archives
     * @param archives archives listed, whose items are counted only as they are read
     * @param interval time between two progress lines
     * @param unit what is counted, in the plural, e.g. {@code recordings}
     */
    ProgressReporter(
            JobMetrics metrics, long expected, long archives, Duration interval, String unit) {
        this.unit = unit;
        this.metrics = metrics;
        this.expected = expected;
        this.archives = archives;
        this.interval = interval;
    }

    /** Runs the work with this reporter listening to the context and logging once per interval. */
    void during(SparkContext sc, Runnable work) {
        ScheduledExecutorService ticker =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread thread = new Thread(r, "progress-reporter");
                            thread.setDaemon(true);
                            return thread;
                        });
        sc.addSparkListener(this);
        try {
            long nanos = interval.toNanos();
            ticker.scheduleAtFixedRate(this::report, nanos, nanos, TimeUnit.NANOSECONDS);
            work.run();
        } finally {
            ticker.shutdownNow();
            sc.removeSparkListener(this);
        }
    }

    @Override
    public synchronized void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
        for (Tuple4<Object, Object, Object, scala.collection.immutable.Seq<AccumulableInfo>> task :
                CollectionConverters.asJava(update.accumUpdates())) {
            long taskId = (Long) task._1();
            if (!ended.contains(taskId)) {
                copyCounts(task._4(), running.computeIfAbsent(taskId, id -> new long[2]));
            }
        }
    }

    /**
     * Moves a task's counts from running to ended: its heartbeat counts are dropped and the updates
     * merged for it added. A failed task has none of these merged (they do not count failed
     * values), so what its heartbeats showed leaves the line, and its retry counts anew.
     */
    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        long taskId = taskEnd.taskInfo().taskId();
        running.remove(taskId);
        if (ended.add(taskId)) {
            long[] merged = new long[2];
            copyCounts(taskEnd.taskInfo().accumulables(), merged);
            endedCounts[0] += merged[0];
            endedCounts[1] += merged[1];
        }
    }

    /**
     * Copies a task's utterance and audio values among {@code infos} into {@code counts} (slots 0
     * and 1), leaving a slot whose accumulator is absent as it was.
     */
    private void copyCounts(scala.collection.immutable.Seq<AccumulableInfo> infos, long[] counts) {
        long utterancesId = metrics.utterances().id();
        long audioId = metrics.audioMillis().id();
        for (AccumulableInfo info : CollectionConverters.asJava(infos)) {
            int slot = info.id() == utterancesId ? 0 : info.id() == audioId ? 1 : -1;
            if (slot >= 0 && info.update().isDefined()) {
                counts[slot] = ((Number) info.update().get()).longValue();
            }
        }
    }

    /** The progress line for now, or {@code null} while nothing is done. */
    synchronized String currentLine() {
        long done = endedCounts[0];
        long audioMillis = endedCounts[1];
        for (long[] task : running.values()) {
            done += task[0];
            audioMillis += task[1];
        }
        if (done == 0) {
            return null;
        }
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        double secondsLeft = remainingTime.secondsLeft(done, Math.max(done, expected), elapsed);
        return line(done, audioMillis / 1000.0, elapsed, secondsLeft);
    }

    private void report() {
        String line = currentLine();
        LOG.info(line != null ? line : waitingLine((System.nanoTime() - startNanos) / 1e9));
    }

    /**
     * The line for an interval in which no item has finished yet, so that the minutes executors
     * spend starting, loading the model and reading their first audio do not look like a hang;
     * package-private for tests.
     */
    String waitingLine(double elapsedSeconds) {
        return String.format(
                Locale.ROOT,
                "progress: none of %s done yet, %s since the start (executors start, load the model"
                        + " and read their first audio)",
                toDo(),
                humanDuration(elapsedSeconds));
    }

    /** The items to do, as the waiting line names them. */
    private String toDo() {
        if (archives == 0) {
            return expected + " " + unit;
        }
        if (expected == 0) {
            return "the " + unit + " in " + archives + " archives";
        }
        return expected + " listed " + unit + " and those in " + archives + " archives";
    }

    /**
     * One progress line; package-private for tests.
     *
     * @param secondsLeft the estimate of {@link RemainingTime}, NaN while it has none; not shown
     *     for archives, whose item count is not known ahead
     */
    String line(long done, double audioSeconds, double elapsedSeconds, double secondsLeft) {
        double speed = elapsedSeconds > 0 ? audioSeconds / elapsedSeconds : 0;
        if (archives > 0) {
            // How many recordings the archives hold is known only once they are read.
            return String.format(
                    Locale.ROOT,
                    "progress: %d %s done, of %sthose in %d archives, %.2f h of audio, %.1fx real"
                            + " time",
                    done,
                    unit,
                    expected > 0 ? expected + " listed and " : "",
                    archives,
                    audioSeconds / 3600,
                    speed);
        }
        if (done > expected) {
            // Rows the listing could not count ahead (transcript lines without audio) are done
            // too, so the listing no longer tells how much is left: a share or a time left would
            // say 100% and 0 s while audio is still being read.
            return String.format(
                    Locale.ROOT,
                    "progress: %d %s done, more than the %d listed, %.2f h of audio, %.1fx real"
                            + " time",
                    done,
                    unit,
                    expected,
                    audioSeconds / 3600,
                    speed);
        }
        return String.format(
                Locale.ROOT,
                "progress: %d of %d %s (%.0f%%), %.2f h of audio, %.1fx real time, %s",
                done,
                expected,
                unit,
                100.0 * done / expected,
                audioSeconds / 3600,
                speed,
                Double.isNaN(secondsLeft)
                        ? "time left not known yet"
                        : "about " + humanDuration(secondsLeft) + " left");
    }

    private static String humanDuration(double seconds) {
        Duration d = Duration.ofSeconds(Math.round(seconds));
        return d.toHours() > 0
                ? String.format(Locale.ROOT, "%dh%02dm", d.toHours(), d.toMinutesPart())
                : String.format(Locale.ROOT, "%dm%02ds", d.toMinutes(), d.toSecondsPart());
    }
}
