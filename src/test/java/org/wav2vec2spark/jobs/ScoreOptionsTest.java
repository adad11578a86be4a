package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void aPathHadoopCannotReadIsNamedWithItsOption() {
        // A relative name with a colon is no URI to Hadoop, whose parser names neither.
        assertThatThrownBy(() -> ScoreOptions.parse("--ref", "ref:1.txt", "--hyp", "h"))
                .hasMessage(
                        "--ref ref:1.txt: not a path Hadoop can read (Relative path in absolute"
                                + " URI: ref:1.txt)");
        assertThatThrownBy(() -> ScoreOptions.parse("--ref", "r", "--hyp", "hyp:1.txt"))
                .hasMessageStartingWith("--hyp hyp:1.txt: not a path");
        assertThatThrownBy(
                        () -> ScoreOptions.parse("--ref", "r", "--hyp", "h", "--output", "out:1"))
                .hasMessageStartingWith("--output out:1: not a path");
    }

    @Test
    void anEmptyValueIsRefusedRatherThanTakenForAName() {
        // --split '' wrote "splits": {"": ...}; --output '' met Hadoop's "empty string".
        assertThatThrownBy(() -> ScoreOptions.parse("--ref", "r", "--hyp", "h", "--output", ""))
                .hasMessage("--output got an empty value; give one or leave the option out");
        assertThatThrownBy(() -> ScoreOptions.parse("--ref", "r", "--hyp", "h", "--split="))
                .hasMessage("--split got an empty value; give one or leave the option out");
    }
}
