package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.Map;

class JobSessionsTest {

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
}
