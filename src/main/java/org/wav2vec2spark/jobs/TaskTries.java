package org.wav2vec2spark.jobs;

import org.apache.spark.SparkConf;
import org.wav2vec2spark.jobs.cli.SparkMasterUrl;

import java.util.OptionalInt;

/**
 * How many tries Spark gives each task before it fails the job, worked out on the driver so that
 * executors can tell a task's last try: on that try the transcribe job writes a failed row for an
 * input the file system keeps failing to give, instead of failing the run.
 *
 * <p>Spark's own rule ({@code SparkContext.createTaskScheduler}): {@code local}, {@code local[N]}
 * and {@code local[*]} give one try, {@code local[N,F]} gives F, and every other master ({@code
 * local-cluster}, standalone, YARN, Kubernetes) gives {@code spark.task.maxFailures}, 4 by default.
 */
public final class TaskTries {
    /** Spark's default for {@code spark.task.maxFailures}. */
    static final int MAX_FAILURES_DEFAULT = 4;

    private TaskTries() {}

    /**
     * The tries a task of this application gets.
     *
     * @param conf the running application's configuration, with its {@code spark.master}
     * @return at least 1
     */
    public static int of(SparkConf conf) {
        OptionalInt local = SparkMasterUrl.localTaskTries(conf.get("spark.master", ""));
        int tries =
                local.isPresent()
                        ? local.getAsInt()
                        : conf.getInt("spark.task.maxFailures", MAX_FAILURES_DEFAULT);
        return Math.max(1, tries);
    }
}
