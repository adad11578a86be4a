package org.wav2vec2spark.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.broadcast.Broadcast;
import org.junit.jupiter.api.Test;
import org.wav2vec2spark.SparkTestBase;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.util.HashMap;
import java.util.Map;

class PlannedPartitionerTest extends SparkTestBase {

    @Test
    void followsThePlanAndHashesTheKeysItDoesNotKnow() {
        PlannedPartitioner partitioner =
                new PlannedPartitioner(4, jsc.broadcast(Map.of("test-clean/1-2-0000", 3)));

        assertThat(partitioner.getPartition("test-clean/1-2-0000")).isEqualTo(3);
        String unplanned = "test-clean/1-2-0001 line 7";
        assertThat(partitioner.getPartition(unplanned))
                .isEqualTo(Math.floorMod(unplanned.hashCode(), 4));
    }

    @Test
    void tasksCarryTheHandleOfThePlanNotThePlan() throws IOException {
        // Every task of the shuffling stages deserialises its partitioner: with the plan of
        // 100,000 utterances inside, each would carry megabytes.
        Map<String, Integer> plan = new HashMap<>();
        for (int i = 0; i < 100_000; i++) {
            plan.put("train-other-500/" + i + "-1-0000", i % 64);
        }
        Broadcast<Map<String, Integer>> broadcast = jsc.broadcast(plan);
        PlannedPartitioner partitioner = new PlannedPartitioner(64, broadcast);

        assertThat(javaSerialized(partitioner)).isLessThan(javaSerialized(plan) / 100);
        // The same broadcast is the same plan, so a join by it needs no second shuffle.
        assertThat(partitioner).isEqualTo(new PlannedPartitioner(64, broadcast));
        assertThat(partitioner).isNotEqualTo(new PlannedPartitioner(64, jsc.broadcast(plan)));
        assertThat(partitioner).isNotEqualTo(new PlannedPartitioner(32, broadcast));
    }

    private static int javaSerialized(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.size();
    }
}
