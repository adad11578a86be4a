package org.wav2vec2spark.jobs.executor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

class ModelLocationTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            nullValues = "null",
            value = {
                // uri as Hadoop prints it | local path
                "/models/a b | /models/a b",
                "file:/models/a b | /models/a b",
                "file:///models/a b | /models/a b",
                // a literal percent sign, not an escape
                "file:/models/p%20c | /models/p%20c",
                "file:/models/h#é | /models/h#é",
                "hdfs://nn/models/a b | null",
            })
    void localPathTakesHadoopPathStrings(String uri, String expected) {
        assertThat(ModelLocation.localPath(uri))
                .isEqualTo(expected == null ? null : Path.of(expected));
    }
}
