package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.Map;

class JobSessionsTest {
    private static final String NAME = "spark.app.name";

    @Test
    void theJobsConfSparkMasterWinsThenItsMasterThenSparkSubmitsThenLocal() {
        Map<String, String> conf = Map.of("spark.master", "yarn");
        String before = System.setProperty("spark.master", "spark://submitted:7077");
        try {
            assertThat(JobSessions.master("local[2]", conf)).isEqualTo("yarn");
            assertThat(JobSessions.master("local[2]", Map.of())).isEqualTo("local[2]");
            // spark-submit passes its --master as a system property.
            assertThat(JobSessions.master(null, Map.of())).isEqualTo("spark://submitted:7077");
            System.clearProperty("spark.master");
            assertThat(JobSessions.master(null, Map.of())).isEqualTo("local[*]");
        } finally {
            if (before == null) {
                System.clearProperty("spark.master");
            } else {
                System.setProperty("spark.master", before);
            }
        }
    }

    @Test
    void theJobNamesTheApplicationUnlessSparkSubmitsNameOrTheConfDoes() {
        String before = System.setProperty("spark.app.name", "nightly-asr-eval");
        try {
            // spark-submit passes its --name as a system property.
            assertThat(JobSessions.conf("wav2vec2-spark evaluate", null, Map.of()).get(NAME))
                    .isEqualTo("nightly-asr-eval");
            assertThat(JobSessions.conf("x", null, Map.of(NAME, "from-conf")).get(NAME))
                    .isEqualTo("from-conf");
            // Without --name, spark-submit names the application after the main class.
            System.setProperty("spark.app.name", EvaluateJob.class.getName());
            assertThat(JobSessions.conf("wav2vec2-spark evaluate", null, Map.of()).get(NAME))
                    .isEqualTo("wav2vec2-spark evaluate");
            System.clearProperty("spark.app.name");
            assertThat(JobSessions.conf("wav2vec2-spark evaluate", null, Map.of()).get(NAME))
                    .isEqualTo("wav2vec2-spark evaluate");
        } finally {
            if (before == null) {
                System.clearProperty("spark.app.name");
            } else {
                System.setProperty("spark.app.name", before);
            }
        }
    }

    @Test
    void aJobsOwnJarsAreAddedToThoseSentToTheExecutors() {
        String before = System.setProperty("spark.jars", "/job.jar,/libtorch.jar");
        try {
            // spark-submit, or the launcher for a spark:// master, passes them as a property.
            assertThat(
                            JobSessions.conf("x", null, Map.of("spark.jars", "/udf.jar"))
                                    .get("spark.jars"))
                    .isEqualTo("/job.jar,/libtorch.jar,/udf.jar");
            assertThat(JobSessions.conf("x", null, Map.of()).get("spark.jars"))
                    .isEqualTo("/job.jar,/libtorch.jar");
            System.clearProperty("spark.jars");
            assertThat(
                            JobSessions.conf("x", null, Map.of("spark.jars", "/udf.jar"))
                                    .get("spark.jars"))
                    .isEqualTo("/udf.jar");
        } finally {
            if (before == null) {
                System.clearProperty("spark.jars");
            } else {
                System.setProperty("spark.jars", before);
            }
        }
    }
}
