package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.TaskSchedulerImpl;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaskTriesTest {

    @ParameterizedTest(name = "{0} with spark.task.maxFailures={1}: {2}")
    @CsvSource({
        "local, '', 1",
        "local, 7, 1",
        "local[2], 7, 1",
        "local[*], '', 1",
        "'local[*,4]', '', 4",
        "'local[2, 3]', 7, 3",
        "'local-cluster[2,1,1024]', '', 4",
        "'local-cluster[2,1,1024]', 7, 7",
        "spark://127.0.0.1:7077, '', 4",
        "spark://127.0.0.1:7077, 8, 8",
        "yarn, 2, 2",
    })
    void followsSparksRule(String master, String maxFailures, int tries) {
        SparkConf conf = new SparkConf(false).set("spark.master", master);
        if (!maxFailures.isEmpty()) {
            conf.set("spark.task.maxFailures", maxFailures);
        }

        assertThat(TaskTries.of(conf)).isEqualTo(tries);
    }

    /** Spark's scheduler is the authority; its count is not public API, so a test asks it. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"local[2]", "'local[1,3]'"})
    void agreesWithSparksScheduler(String master) {
        SparkConf conf =
                new SparkConf(false)
                        .setMaster(master)
                        .setAppName("task tries")
                        .set("spark.task.maxFailures", "7")
                        .set("spark.ui.enabled", "false")
                        .set("spark.driver.bindAddress", "127.0.0.1")
                        .set("spark.driver.host", "127.0.0.1");
        SparkContext context = new SparkContext(conf);
        try {
            int scheduler = ((TaskSchedulerImpl) context.taskScheduler()).maxTaskFailures();

            assertThat(TaskTries.of(context.getConf())).isEqualTo(scheduler);
        } finally {
            context.stop();
        }
    }
}
