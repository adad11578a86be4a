package org.wav2vec2spark.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SparkMasterUrlTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "local",
                "local[2]",
                "local[*]",
                "local[4, 3]",
                "local[*,2]",
                "local-cluster[2, 1, 1024]",
                "spark://127.0.0.1:7077",
                "spark://a:7077,b:7077",
                NamedClusterManager.MASTER,
            })
    void takesSparksForms(String master) {
        assertThat(SparkMasterUrl.require("--master", master)).isEqualTo(master);
    }

    @ParameterizedTest
    @CsvSource({"yarn, YARN", "k8s://https://api.example:6443, Kubernetes"})
    void aClusterManagerMissingFromTheClasspathIsNamedWithWhatToDo(String master, String manager) {
        // The tests' classpath, as the embedded local Spark's, has neither module.
        assertThatThrownBy(() -> SparkMasterUrl.require("--master", master))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "--master "
                                + master
                                + " needs Spark's "
                                + manager
                                + " support, which the embedded local Spark has not: set"
                                + " SPARK_HOME to a Spark installation with it, and the launcher"
                                + " submits the job through its bin/spark-submit");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"lcoal[2]", "local[two]", "local(2)", "local[]", "spark:/host:7077", "Yarn"})
    void refusesAMistypedMasterNamingTheOption(String master) {
        assertThatThrownBy(() -> SparkMasterUrl.require("--master", master))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "--master expects a Spark master URL (local, local[N], local[*],"
                                + " local[N,F], spark://HOST:PORT, yarn, k8s://URL), got '"
                                + master
                                + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"local[0]", "local[0,4]"})
    void refusesALocalMasterOfNoThreads(String master) {
        assertThatThrownBy(() -> SparkMasterUrl.require("--master", master))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "--master " + master + " runs no task: give local[N] with N of 1 or more");
    }
}
