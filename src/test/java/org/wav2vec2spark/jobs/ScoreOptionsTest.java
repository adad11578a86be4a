package org.wav2vec2spark.jobs;

import org.junit.jupiter.api.Test;

import java.io.IOException;

class ScoreOptionsTest {

    @Test
    void readmeDocumentsEveryOptionWithItsDefault() throws IOException {
        ReadmeOptionsTable.assertDocuments("Scoring existing transcripts", ScoreOptions.OPTIONS);
    }

    @Test
    void appliesTheDefaultsItsTableShows() {
        AppliedDefaults.assertApplied(
                ScoreOptions.OPTIONS, ScoreOptions.parse("--ref", "r", "--hyp", "h"), 2);
    }
}
