package org.wav2vec2spark.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfusionCounterTest {

    @Test
    void countsSubstitutionPairsDeletionsAndInsertionsOverUtterances() {
        ConfusionCounter counter = new ConfusionCounter();
        // A B C D / A X C: B->X, D deleted (EditAlignerTest's hand-derived case)
        counter.add("A B C D", "A X C");
        // B->X again, and Z inserted after the end
        counter.add("B C", "X C Z");
        // THE->A, D kept
        counter.add("THE D", "A D");
        // Tie: THE->A with D deleted, or THE deleted with D->A, both cost 2. rapidfuzz, and so
        // jiwer and the aligner, trace back from the end taking a deletion first: THE->A.
        counter.add("THE D", "A");
        counter.add("SAME", "SAME");

        assertThat(counter.topSubstitutions(10))
                .containsExactly(new WordConfusion("B", "X", 2), new WordConfusion("THE", "A", 2));
        assertThat(counter.topDeletions(10)).containsExactly(new WordCount("D", 2));
        assertThat(counter.topInsertions(10)).containsExactly(new WordCount("Z", 1));
        assertThat(counter.skipped()).isZero();
    }

    @Test
    void tiesAreOrderedByWordAndTheListIsCut() {
        ConfusionCounter counter = new ConfusionCounter();
        counter.add("C B A", "");

        assertThat(counter.topDeletions(2))
                .containsExactly(new WordCount("A", 1), new WordCount("B", 1));
    }
}
