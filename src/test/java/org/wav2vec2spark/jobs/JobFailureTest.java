package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;
import org.wav2vec2spark.model.ModelLoadException;

class JobFailureTest {

    @Test
    void namesWhatOurCodeSaidBeforeTheRootCause() {
        // As Spark reports a task that could not load the model: the project's message names the
        // file, the root cause says what was wrong with it.
        Exception failure =
                new SparkException(
                        "Job aborted due to stage failure: ...",
                        new ModelLoadException(
                                "Cannot load /m/model.pt with DJL's PyTorch engine on cpu()",
                                new IllegalStateException("not a ZIP archive")));

        assertThat(JobFailure.describe(failure))
                .isEqualTo(
                        "Cannot load /m/model.pt with DJL's PyTorch engine on cpu():"
                                + " IllegalStateException: not a ZIP archive");
    }

    @Test
    void aCauseOurMessageAlreadyQuotesIsNotRepeated() {
        Exception failure =
                new SparkException(
                        "Job aborted",
                        new ModelLoadException(
                                "/m/vocab.json: cannot be read",
                                new java.io.IOException("/m/vocab.json: cannot be read")));

        assertThat(JobFailure.describe(failure)).isEqualTo("/m/vocab.json: cannot be read");
    }

    @Test
    void withoutOurExceptionInTheChainItIsTheRootCause() {
        Exception failure =
                new SparkException("Job aborted", new OutOfMemoryError("Java heap space"));

        assertThat(JobFailure.describe(failure)).isEqualTo("OutOfMemoryError: Java heap space");
        assertThat(JobFailure.describe(new ModelLoadException("Cannot load /m", null)))
                .isEqualTo("ModelLoadException: Cannot load /m");
    }
}
