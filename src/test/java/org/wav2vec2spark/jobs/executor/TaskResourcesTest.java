package org.wav2vec2spark.jobs.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

class TaskResourcesTest {

    @Test
    void closesTheLastAddedFirstAndEachOnce() {
        List<String> closed = new ArrayList<>();
        TaskResources resources = new TaskResources();
        resources.add(() -> closed.add("predictor"));
        resources.add(() -> closed.add("reader thread"));

        resources.close();
        resources.close();

        assertThat(closed).containsExactly("reader thread", "predictor");
    }

    @Test
    void aFailedCloseDoesNotKeepTheOthersOpen() {
        List<String> closed = new ArrayList<>();
        TaskResources resources = new TaskResources();
        resources.add(() -> closed.add("predictor"));
        resources.add(
                () -> {
                    throw new IOException("archive stream: connection reset");
                });
        resources.add(
                () -> {
                    throw new IllegalStateException("reader thread did not stop");
                });

        assertThatThrownBy(resources::close)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("reader thread did not stop")
                .satisfies(
                        e ->
                                assertThat(e.getSuppressed())
                                        .singleElement()
                                        .extracting(Throwable::getMessage)
                                        .isEqualTo("archive stream: connection reset"));
        assertThat(closed).containsExactly("predictor");
    }
}
