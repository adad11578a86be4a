package org.wav2vec2spark.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

/**
 * Known values from jiwer's own tests (tests/test_measures.py, test_cer.py, test_empty_ref.py; the
 * single-sentence ones come from Morris et al., "From WER and RIL to MER and WIL") and from jiwer
 * issue #80.
 */
class UtteranceScorerTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                // reference | hypothesis | word errors | reference words | WER
                "X | X | 0 | 1 | 0",
                "X | X X Y Y | 3 | 1 | 3",
                "X Y X | X Z | 2 | 3 | 0.6666666666666666",
                "X | Y | 1 | 1 | 1",
                "X | Y Z | 2 | 1 | 2",
                "This is a test | This is a test | 0 | 4 | 0",
                "This is a test | '' | 4 | 4 | 1",
                "This is a test | This test | 2 | 4 | 0.5",
                "i am a short ground truth | i am a considerably longer and very much incorrect"
                        + " hypothesis | 7 | 6 | 1.1666666666666667",
                "the cat went to the store | the car went to store front | 3 | 6 | 0.5",
                "the cat went to the store | the car went to green store | 2 | 6 |"
                        + " 0.3333333333333333",
                // empty references, jiwer >= 4.0: the rate is the number of insertions
                "'' | '' | 0 | 0 | 0",
                "'' | hello | 1 | 0 | 1",
                "'' | 0 1 2 | 3 | 0 | 3",
            })
    void matchesJiwerWordErrorRates(
            String reference, String hypothesis, long errors, long referenceWords, double wer) {
        UtteranceScore score = UtteranceScorer.score(reference, hypothesis);

        assertThat(score.words().errors()).isEqualTo(errors);
        assertThat(score.words().referenceLength()).isEqualTo(referenceWords);
        assertThat(score.wer()).isCloseTo(wer, within(1e-15));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                // reference | hypothesis | character errors | reference characters (spaces count) |
                // CER
                "X | X | 0 | 1 | 0",
                "X | X X Y Y | 6 | 1 | 6",
                "X Y X | X Z | 3 | 5 | 0.6",
                "X | Y | 1 | 1 | 1",
                "X | Y Z | 3 | 1 | 3",
                "This is a test | This is a test | 0 | 14 | 0",
                "This is a test | '' | 14 | 14 | 1",
                "This is a test | This test | 5 | 14 | 0.35714285714285715",
                "'' | '' | 0 | 0 | 0",
                "'' | a | 1 | 0 | 1",
                "'' | abd | 3 | 0 | 3",
                "a | '' | 1 | 1 | 1",
                "abc | '' | 3 | 3 | 1",
            })
    void matchesJiwerCharacterErrorRates(
            String reference, String hypothesis, long errors, long referenceChars, double cer) {
        UtteranceScore score = UtteranceScorer.score(reference, hypothesis);

        assertThat(score.chars().errors()).isEqualTo(errors);
        assertThat(score.chars().referenceLength()).isEqualTo(referenceChars);
        assertThat(score.cer()).isCloseTo(cer, within(1e-15));
    }

    static Stream<Arguments> corpora() {
        return Stream.of(
                // jiwer test_cer return_dict: "i" vs "i am" is H1 I3 (" ", "a", "m"); "am i good"
                // vs
                // "y good" keeps " good" (H5) and turns "am i" into "y": one substitution and three
                // deletions whichever characters are chosen. Totals H6 S1 D3 I3, CER 7/10.
                Arguments.of(
                        List.of("i", "am i good"),
                        List.of("i am", "y good"),
                        new EditCounts(6, 1, 3, 3),
                        0.7),
                // jiwer test_cer permutation invariance: 6 errors over 10 characters either order
                Arguments.of(List.of("am i good", "i"), List.of("i good", "i am"), null, 0.6));
    }

    @ParameterizedTest
    @MethodSource("corpora")
    void sumsCharacterCountsOverACorpus(
            List<String> references, List<String> hypotheses, EditCounts expected, double cer) {
        UtteranceScore corpus = score(references, hypotheses);

        if (expected != null) {
            assertThat(corpus.chars()).isEqualTo(expected);
        }
        assertThat(corpus.cer()).isCloseTo(cer, within(1e-15));
    }

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource({
        // reference, hypothesis, word errors as written, word errors upper-cased
        "HELLO WORLD, hello world, 2, 0",
        "HELLO WORLD, HELLO WORLD, 0, 0",
        "HELLO WORLD, hello there, 2, 1",
        "it's A Test, IT'S a test, 3, 0"
    })
    void upperCasingComparesLowerCaseTextWithUpperCaseReferences(
            String reference, String hypothesis, long asWritten, long upperCased) {
        UtteranceScore folded = UtteranceScorer.score(reference, hypothesis, CaseFolding.UPPER);
        UtteranceScore unfolded = UtteranceScorer.score(reference, hypothesis, CaseFolding.NONE);

        assertThat(unfolded).isEqualTo(UtteranceScorer.score(reference, hypothesis));
        assertThat(unfolded.words().errors()).isEqualTo(asWritten);
        assertThat(folded.words().errors()).isEqualTo(upperCased);
        assertThat(folded)
                .isEqualTo(
                        UtteranceScorer.score(
                                reference.toUpperCase(java.util.Locale.ROOT),
                                hypothesis.toUpperCase(java.util.Locale.ROOT)));
    }

    @Test
    void emptyReferenceInsideACorpusOnlyAddsInsertions() {
        // jiwer test_multiple_one_empty_ref: 2 hits + 1 insertion over 2 reference words => 1/2
        UtteranceScore corpus = score(List.of("hello world", ""), List.of("hello world", "done"));

        assertThat(corpus.words()).isEqualTo(new EditCounts(2, 0, 0, 1));
        assertThat(corpus.wer()).isEqualTo(0.5);
    }

    @Test
    void corpusRateIsSummedErrorsOverSummedReferenceNotAMeanOfRates() {
        List<String> references = List.of("A", "A B C D E F G H I J");
        List<String> hypotheses = List.of("B", "A B C D E F G H I J");
        // utterance rates 1/1 and 0/10 average to 0.5; the corpus has 1 error in 11 words
        double meanOfRates =
                (UtteranceScorer.score("A", "B").wer()
                                + UtteranceScorer.score(
                                                "A B C D E F G H I J", "A B C D E F G H I J")
                                        .wer())
                        / 2;

        double corpusWer = score(references, hypotheses).wer();

        assertThat(meanOfRates).isEqualTo(0.5);
        assertThat(corpusWer).isEqualTo(1.0 / 11);
    }

    private static UtteranceScore score(List<String> references, List<String> hypotheses) {
        UtteranceScore total = UtteranceScore.ZERO;
        for (int k = 0; k < references.size(); k++) {
            total = total.plus(UtteranceScorer.score(references.get(k), hypotheses.get(k)));
        }
        return total;
    }
}
