package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PartitionCountTest {

    @ParameterizedTest(name = "--partitions {0}, {1} inputs, parallelism {2}: {3} partitions")
    @CsvSource({
        // Asked for: taken as given, whatever the data size.
        "3, 100000, 8, 3",
        // 0: one per 200 inputs, rounded down ...
        "0, 2000, 4, 10",
        "0, 2199, 4, 10",
        // ... but never fewer than Spark's default parallelism.
        "0, 100, 4, 4",
        "0, 0, 2, 2",
    })
    void choosesFromTheRequestOrTheDataSize(
            int requested, int inputs, int parallelism, int expected) {
        assertThat(PartitionCount.choose(requested, inputs, parallelism)).isEqualTo(expected);
    }
}
