package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.Success$;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.executor.ExecutorMetrics;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.TaskInfo;
import org.apache.spark.scheduler.TaskLocality;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.wav2vec2spark.jobs.executor.JobMetrics;

import scala.Option;
import scala.Tuple2;
import scala.Tuple4;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

class ProgressReporterTest {

    /** Holds the test's one task until the driver has seen its progress; local mode shares it. */
    private static final CountDownLatch RELEASE = new CountDownLatch(1);

    @ParameterizedTest(name = "{0} of {1} after {3} s")
    @CsvSource(
            delimiter = '|',
            value = {
                // done | expected | audio s | elapsed s | left s | line
                "250  | 1000 | 3600  | 60   | 180  | progress: 250 of 1000 recordings (25%), 1.00 h"
                        + " of audio, 60.0x real time, about 3m00s left",
                // past the hour the estimate switches to hours and minutes
                "1    | 100  | 36    | 60   | 5940 | progress: 1 of 100 recordings (1%), 0.01 h of"
                        + " audio, 0.6x real time, about 1h39m left",
                // the join found more than the listing (lines without audio): no share, no time
                "120  | 100  | 720   | 10   | 0    | progress: 120 recordings done, more than the"
                        + " 100 listed, 0.20 h of audio, 72.0x real time",
                // no pace yet: no number is better than one inflated by the start-up
                "3    | 60   | 36    | 20   | NaN  | progress: 3 of 60 recordings (5%), 0.01 h of"
                        + " audio, 1.8x real time, time left not known yet",
            })
    void reportsShareAudioSpeedAndTimeLeft(
            long done, long expected, double audio, double elapsed, double left, String line) {
        ProgressReporter reporter =
                new ProgressReporter(null, expected, 0, Duration.ofSeconds(10), "recordings");

        assertThat(reporter.line(done, audio, elapsed, left)).isEqualTo(line);
    }

    @Test
    void archivesLeaveTheTotalOpen() {
        // 6 inputs, 2 of them archives: the members are counted as they are read, so there is no
        // honest share or time left.
        ProgressReporter reporter =
                new ProgressReporter(null, 4, 2, Duration.ofSeconds(10), "recordings");

        assertThat(reporter.line(13, 720, 10, Double.NaN))
                .isEqualTo(
                        "progress: 13 recordings done, of 4 listed and those in 2 archives, 0.20 h"
                                + " of audio, 72.0x real time");
    }

    @Test
    void archivesAloneAreNamedWithoutAListedCount() {
        // The evaluate job on archives lists no utterance ahead: "of 0 listed" would say nothing.
        ProgressReporter reporter =
                new ProgressReporter(null, 0, 2, Duration.ofSeconds(10), "utterances");

        assertThat(reporter.line(812, 3600, 60, Double.NaN))
                .isEqualTo(
                        "progress: 812 utterances done, of those in 2 archives, 1.00 h of audio,"
                                + " 60.0x real time");
        assertThat(reporter.waitingLine(3))
                .startsWith(
                        "progress: none of the utterances in 2 archives done yet, 0m03s since the"
                                + " start");
    }

    @Test
    void saysItIsWaitingUntilTheFirstItemIsDone() {
        ProgressReporter listed =
                new ProgressReporter(null, 60, 0, Duration.ofSeconds(10), "utterances");
        ProgressReporter archived =
                new ProgressReporter(null, 4, 2, Duration.ofSeconds(10), "recordings");

        assertThat(listed.waitingLine(95))
                .isEqualTo(
                        "progress: none of 60 utterances done yet, 1m35s since the start (executors"
                                + " start, load the model and read their first audio)");
        assertThat(archived.waitingLine(3))
                .startsWith(
                        "progress: none of 4 listed recordings and those in 2 archives done yet,"
                                + " 0m03s since the start");
    }

    @Test
    void countsWhatARunningTaskHasDoneFromItsHeartbeats() throws Exception {
        SparkSession spark =
                SparkSession.builder()
                        .master("local[2]")
                        .appName("ProgressReporterTest")
                        .config("spark.ui.enabled", "false")
                        .config("spark.driver.bindAddress", "127.0.0.1")
                        .config("spark.driver.host", "127.0.0.1")
                        .config("spark.executor.heartbeatInterval", "200ms")
                        .getOrCreate();
        try {
            JobMetrics metrics = JobMetrics.register(spark.sparkContext());
            ProgressReporter reporter =
                    new ProgressReporter(metrics, 10, 0, Duration.ofMillis(100), "recordings");
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            String[] seen = new String[1];

            CompletableFuture<Void> job =
                    CompletableFuture.runAsync(
                            () ->
                                    reporter.during(
                                            spark.sparkContext(),
                                            () ->
                                                    jsc.parallelize(List.of(1), 1)
                                                            .foreach(
                                                                    x -> {
                                                                        metrics.utterances().add(3);
                                                                        metrics.audioMillis()
                                                                                .add(36_000);
                                                                        RELEASE.await(
                                                                                60,
                                                                                TimeUnit.SECONDS);
                                                                    })));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (seen[0] == null && System.nanoTime() < deadline) {
                seen[0] = reporter.currentLine();
                Thread.sleep(50);
            }
            boolean stillRunning = !job.isDone();
            RELEASE.countDown();
            job.get(60, TimeUnit.SECONDS);

            assertThat(stillRunning).as("the task was still running").isTrue();
            assertThat(seen[0]).startsWith("progress: 3 of 10 recordings (30%), 0.01 h of audio");
        } finally {
            spark.stop();
        }
    }

    @Test
    void countsAnEndedTaskOnceWhileItsEndEventIsOnTheWay() {
        withMetrics(
                metrics -> {
                    ProgressReporter reporter =
                            new ProgressReporter(
                                    metrics, 10, 0, Duration.ofSeconds(10), "recordings");
                    String threeDone = "progress: 3 of 10 recordings (30%), 0.01 h of audio";

                    reporter.onExecutorMetricsUpdate(heartbeat(7, metrics, 3, 36_000));
                    // The task ends with what its heartbeat said. The DAGScheduler merges its
                    // updates into the driver's accumulators first and only then posts its end
                    // event, which reaches listeners through the asynchronous listener bus; a
                    // progress line can be logged in between.
                    metrics.utterances().add(3);
                    metrics.audioMillis().add(36_000);
                    String beforeTheEndEvent = reporter.currentLine();
                    reporter.onTaskEnd(taskEnd(7, updates(metrics, 3, 36_000)));
                    String afterTheEndEvent = reporter.currentLine();
                    // A heartbeat the executor sent just before the task ended, delivered late.
                    reporter.onExecutorMetricsUpdate(heartbeat(7, metrics, 3, 36_000));

                    assertThat(beforeTheEndEvent).startsWith(threeDone);
                    assertThat(afterTheEndEvent).startsWith(threeDone);
                    assertThat(reporter.currentLine()).startsWith(threeDone);
                });
    }

    @Test
    void countsEndedTasksFromTheEndEventsSparkPosts() {
        withMetrics(
                metrics -> {
                    SparkContext sc = SparkContext.getOrCreate();
                    ProgressReporter reporter =
                            new ProgressReporter(
                                    metrics, 10, 0, Duration.ofSeconds(10), "recordings");
                    sc.addSparkListener(reporter);
                    JavaSparkContext.fromSparkContext(sc)
                            .parallelize(List.of(1, 2), 2)
                            .foreach(
                                    x -> {
                                        metrics.utterances().add(3);
                                        metrics.audioMillis().add(36_000);
                                    });
                    // Spark's own end events, not hand-made ones: they must carry the merged
                    // values, since the driver's accumulators are no longer read.
                    try {
                        sc.listenerBus().waitUntilEmpty();
                    } catch (TimeoutException e) {
                        throw new AssertionError("Spark's listener bus did not drain", e);
                    }

                    assertThat(reporter.currentLine())
                            .startsWith("progress: 6 of 10 recordings (60%), 0.02 h of audio");
                });
    }

    @Test
    void dropsAFailedTasksHeartbeatCounts() {
        withMetrics(
                metrics -> {
                    ProgressReporter reporter =
                            new ProgressReporter(
                                    metrics, 10, 0, Duration.ofSeconds(10), "recordings");
                    reporter.onExecutorMetricsUpdate(heartbeat(7, metrics, 3, 36_000));
                    reporter.onExecutorMetricsUpdate(heartbeat(8, metrics, 2, 7_200));

                    // A failed task's updates of these accumulators are not merged (they do not
                    // count failed values), so its end event carries none; its retry counts anew.
                    reporter.onTaskEnd(taskEnd(8, List.of()));

                    assertThat(reporter.currentLine())
                            .startsWith("progress: 3 of 10 recordings (30%), 0.01 h of audio");
                });
    }

    /** Runs the check with the job's accumulators registered on a local context, then stops it. */
    private static void withMetrics(Consumer<JobMetrics> check) {
        SparkContext sc =
                new SparkContext(
                        new SparkConf()
                                .setMaster("local[1]")
                                .setAppName("ProgressReporterTest")
                                .set("spark.ui.enabled", "false")
                                .set("spark.driver.bindAddress", "127.0.0.1")
                                .set("spark.driver.host", "127.0.0.1"));
        try {
            check.accept(JobMetrics.register(sc));
        } finally {
            sc.stop();
        }
    }

    /**
     * A task's values of the utterance and audio accumulators, as executors and the driver send.
     */
    private static List<AccumulableInfo> updates(
            JobMetrics metrics, long utterances, long audioMillis) {
        List<AccumulableInfo> infos = new ArrayList<>();
        infos.add(metrics.utterances().toInfo(Option.<Object>apply(utterances), Option.empty()));
        infos.add(metrics.audioMillis().toInfo(Option.<Object>apply(audioMillis), Option.empty()));
        return infos;
    }

    /** An executor's heartbeat carrying one running task's accumulator values so far. */
    private static SparkListenerExecutorMetricsUpdate heartbeat(
            long taskId, JobMetrics metrics, long utterances, long audioMillis) {
        Tuple4<Object, Object, Object, Seq<AccumulableInfo>> task =
                new Tuple4<>(taskId, 0, 0, seq(updates(metrics, utterances, audioMillis)));
        return new SparkListenerExecutorMetricsUpdate(
                "1",
                seq(List.of(task)),
                scala.collection.immutable.Map$.MODULE$
                        .<Tuple2<Object, Object>, ExecutorMetrics>empty());
    }

    /** A task's end event with the accumulator updates the driver merged for it. */
    private static SparkListenerTaskEnd taskEnd(long taskId, List<AccumulableInfo> merged) {
        TaskInfo info =
                new TaskInfo(
                        taskId, 0, 0, 0, 0L, "1", "127.0.0.1", TaskLocality.PROCESS_LOCAL(), false);
        info.setAccumulables(seq(merged));
        return new SparkListenerTaskEnd(
                0, 0, "ResultTask", Success$.MODULE$, info, new ExecutorMetrics(), null);
    }

    private static <T> Seq<T> seq(List<T> list) {
        return CollectionConverters.asScala(list).toList();
    }
}
