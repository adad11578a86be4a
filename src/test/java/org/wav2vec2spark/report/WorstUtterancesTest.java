package org.wav2vec2spark.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.List;

class WorstUtterancesTest {

    @Test
    void mostErrorsFirstThenHighestWerThenId() {
        List<UtteranceResult> results =
                List.of(
                        Results.scored("a", "s", "1", "A B C D", "A"), // 3 errors, WER 3/4
                        Results.scored("b", "s", "1", "A B C", "X Y Z"), // 3 errors, WER 1
                        Results.scored("c", "s", "1", "A B", "A"), // 1 error, WER 1/2
                        Results.scored("d", "s", "1", "A B", "A"), // same as c: id decides
                        Results.scored("e", "s", "1", "A B", "A B"), // no error: never listed
                        Results.failed("f", "s", "1", "broken"));

        assertThat(WorstUtterances.select(results, 10))
                .extracting(UtteranceResult::id)
                .containsExactly("b", "a", "c", "d");
        assertThat(WorstUtterances.select(results, 2))
                .extracting(UtteranceResult::id)
                .containsExactly("b", "a");
    }
}
