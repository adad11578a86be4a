package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import org.wav2vec2spark.jobs.output.OutputReplacement;

import java.io.IOException;
import java.util.Map;

/** What a failure inside a job's session becomes: an exit code and one line on stderr. */
class JobCommandLineTest {
    private static final Map<String, String> LOCAL =
            Map.of(
                    "spark.ui.enabled", "false",
                    "spark.driver.bindAddress", "127.0.0.1",
                    "spark.driver.host", "127.0.0.1");

    @RegisterExtension final CapturedConsole console = new CapturedConsole();

    @Test
    void anErrorOnTheDriverExitsThreeAndStopsTheSession() {
        SparkSession[] used = new SparkSession[1];

        int code =
                JobCommandLine.runInSession(
                        "evaluate",
                        "local[1]",
                        LOCAL,
                        spark -> {
                            used[0] = spark;
                            throw new OutOfMemoryError("Java heap space");
                        });

        assertThat(code).isEqualTo(ExitCode.FAILED);
        assertThat(console.err())
                .contains("\nevaluate: the job failed: OutOfMemoryError: Java heap space\n");
        assertThat(used[0].sparkContext().isStopped()).isTrue();
    }

    @Test
    void inputErrorsExitTwoAndTheWorksCodeIsReturned() {
        int input =
                JobCommandLine.runInSession(
                        "transcribe",
                        "local[1]",
                        LOCAL,
                        spark -> {
                            throw new IOException("no such folder");
                        });
        int finished = JobCommandLine.runInSession("evaluate", "local[1]", LOCAL, spark -> 1);

        assertThat(input).isEqualTo(2);
        assertThat(console.err()).contains("transcribe: no such folder\n");
        assertThat(finished).isEqualTo(1);
    }

    @Test
    void anOutputThatCannotBeWrittenExitsThreeNamingTheFolder() {
        int code =
                JobCommandLine.runInSession(
                        "evaluate",
                        "local[1]",
                        LOCAL,
                        spark ->
                                OutputReplacement.writeReplacing(
                                        spark.sparkContext().hadoopConfiguration(),
                                        "file:/runs/x",
                                        false,
                                        () -> {
                                            throw new IOException("Disk quota exceeded");
                                        }));

        assertThat(code).isEqualTo(ExitCode.FAILED);
        assertThat(console.err())
                .contains("evaluate: Cannot write the output file:/runs/x: Disk quota exceeded\n");
    }

    @Test
    void exactlyTheAllowedShareOfFailuresIsNotTooMany() {
        // 0.29 * 100 is 28.999999999999996 in doubles; 29 of 100 failed is 0.29, not more.
        assertThat(JobCommandLine.tooManyFailed("evaluate", "utterances", 29, 100, 0.29)).isFalse();
        assertThat(JobCommandLine.tooManyFailed("evaluate", "utterances", 57, 100, 0.57)).isFalse();
        assertThat(JobCommandLine.tooManyFailed("evaluate", "utterances", 30, 100, 0.29)).isTrue();
        assertThat(JobCommandLine.tooManyFailed("evaluate", "utterances", 0, 0, 0)).isFalse();
    }

    /** Saying the stop turns Spark's loggers off; later tests need them (ours names none). */
    @AfterEach
    void sparkLogsAgain() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().removeLogger(StopNotice.SPARK_LOGGERS);
        context.updateLoggers();
    }

    @Test
    void aJobStoppedByTheJvmShuttingDownSaysSoOnceInsteadOfBlamingTheException() {
        // What Spark's shutdown hook leaves a job running when SIGTERM arrives: the job's thread
        // and the notice's hook may both get to say it.
        StopNotice notice = StopNotice.register("transcribe");
        try {
            notice.say();
            notice.say();
        } finally {
            notice.close();
        }

        assertThat(console.err())
                .isEqualTo(
                        "transcribe: stopped: the driver is shutting down (SIGTERM, Ctrl-C or"
                                + " System.exit); run the job again\n");
    }

    @Test
    void onceTheStopIsSaidSparkLogsNoMoreAndTheProjectStillDoes() {
        StopNotice notice = StopNotice.register("evaluate");
        try {
            notice.say();

            // What Spark logs as its tasks are torn down under them only buried the line.
            assertThat(LoggerFactory.getLogger("org.apache.spark.util.Utils").isErrorEnabled())
                    .isFalse();
            assertThat(
                            LoggerFactory.getLogger("org.wav2vec2spark.jobs.EvaluateJob")
                                    .isWarnEnabled())
                    .isTrue();
        } finally {
            notice.close();
        }
    }

    @Test
    void anExceptionOutsideShutdownIsReportedAsTheJobsFailure() {
        NullPointerException failure =
                new NullPointerException("Cannot invoke \"DAGScheduler.cleanupQueryJobs(long)\"");

        int code = JobCommandLine.reportFailure("transcribe", failure);

        assertThat(code).isEqualTo(ExitCode.FAILED);
        assertThat(console.err()).contains("transcribe: the job failed: NullPointerException");
    }
}
