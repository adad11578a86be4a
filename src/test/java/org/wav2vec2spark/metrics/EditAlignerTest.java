package org.wav2vec2spark.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

class EditAlignerTest {

    /** Chunks written as OPERATION[refStart,refEnd)[hypStart,hypEnd), space separated. */
    static Stream<Arguments> handAlignedCases() {
        return Stream.of(
                Arguments.of("A B C", "A B C", new EditCounts(3, 0, 0, 0), "EQUAL[0,3)[0,3)"),
                Arguments.of("A B C", "", new EditCounts(0, 0, 3, 0), "DELETE[0,3)[0,0)"),
                Arguments.of("", "A B", new EditCounts(0, 0, 0, 2), "INSERT[0,0)[0,2)"),
                Arguments.of("", "", EditCounts.ZERO, ""),
                // A=A, B->X, C=C, D missing: the only alignment of cost 2
                Arguments.of(
                        "A B C D",
                        "A X C",
                        new EditCounts(2, 1, 1, 0),
                        "EQUAL[0,1)[0,1) SUBSTITUTE[1,2)[1,2) EQUAL[2,3)[2,3) DELETE[3,4)[3,3)"),
                // X inserted before and Y after an exact match: cost 2, no cheaper way
                Arguments.of(
                        "A B",
                        "X A B Y",
                        new EditCounts(2, 0, 0, 2),
                        "INSERT[0,0)[0,1) EQUAL[0,2)[1,3) INSERT[2,2)[3,4)"),
                // Ties, split as rapidfuzz's editops split them (and so jiwer): two substitutions
                // or a deletion, a hit and an insertion all cost 2.
                Arguments.of("A B", "B C", new EditCounts(0, 2, 0, 0), "SUBSTITUTE[0,2)[0,2)"),
                Arguments.of(
                        "THE CAT",
                        "CAT THE",
                        new EditCounts(1, 0, 1, 1),
                        "INSERT[0,0)[0,1) EQUAL[0,1)[1,2) DELETE[1,2)[2,2)"),
                // Two words run together: BUT becomes BUTWAS and WAS goes, as in jiwer.
                Arguments.of(
                        "A BUT WAS B",
                        "A BUTWAS B",
                        new EditCounts(2, 1, 1, 0),
                        "EQUAL[0,1)[0,1) SUBSTITUTE[1,2)[1,2) DELETE[2,3)[2,2) EQUAL[3,4)[2,3)"),
                // B C D deleted from the middle: cost 3
                Arguments.of(
                        "A B C D E",
                        "A E",
                        new EditCounts(2, 0, 3, 0),
                        "EQUAL[0,1)[0,1) DELETE[1,4)[1,1) EQUAL[4,5)[1,2)"));
    }

    @ParameterizedTest
    @MethodSource("handAlignedCases")
    void alignsHandDerivedCases(
            String reference, String hypothesis, EditCounts counts, String chunks) {
        Alignment alignment = EditAligner.align(words(reference), words(hypothesis));

        assertThat(alignment.counts()).isEqualTo(counts);
        assertThat(describe(alignment)).isEqualTo(chunks);
        assertThat(EditAligner.count(words(reference), words(hypothesis))).isEqualTo(counts);
    }

    /**
     * The count of inputs too large to align breaks ties its own way, but finds the same distance
     * and lengths. A small alphabet makes ties frequent.
     */
    @Test
    void countAgreesWithAlignOnRandomPairs() {
        Random random = new Random(7);
        for (int trial = 0; trial < 500; trial++) {
            List<String> reference = randomTokens(random, random.nextInt(12));
            List<String> hypothesis = randomTokens(random, random.nextInt(12));
            Alignment alignment = EditAligner.align(reference, hypothesis);
            EditCounts linear = EditAligner.countInLinearMemory(reference, hypothesis);

            assertThat(EditAligner.count(reference, hypothesis))
                    .as("%s vs %s", reference, hypothesis)
                    .isEqualTo(alignment.counts());
            assertThat(linear.errors()).isEqualTo(alignment.counts().errors());
            assertThat(linear.referenceLength()).isEqualTo(reference.size());
            assertThat(linear.hypothesisLength()).isEqualTo(hypothesis.size());
            assertThat(alignment.counts().errors()).isEqualTo(levenshtein(reference, hypothesis));
            assertThat(alignment.counts().referenceLength()).isEqualTo(reference.size());
            assertThat(alignment.counts().hypothesisLength()).isEqualTo(hypothesis.size());
        }
    }

    @Test
    void canAlignUpToTheCellLimit() {
        // (4999 + 1) * (9999 + 1) = 50 000 000 cells, the limit itself.
        assertThat(EditAligner.canAlign(tokens(4_999, "A"), tokens(9_999, "B"))).isTrue();
        assertThat(EditAligner.canAlign(tokens(5_000, "A"), tokens(9_999, "B"))).isFalse();
        assertThat(EditAligner.canAlign(List.of(), List.of())).isTrue();
    }

    @Test
    void aLongPairThatDiffersInOnePlaceAlignsThroughItsCommonEnds() {
        // 20 001 tokens a side is 400 million cells in full, but one between the common ends.
        List<String> reference = new ArrayList<>(tokens(20_000, "A"));
        List<String> hypothesis = new ArrayList<>(reference);
        reference.add(10_000, "X");
        hypothesis.add(10_000, "Y");

        assertThat(EditAligner.canAlign(reference, hypothesis)).isTrue();
        Alignment alignment = EditAligner.align(reference, hypothesis);
        assertThat(EditAligner.alignWithinLimit(reference, hypothesis)).contains(alignment);
        assertThat(alignment.counts()).isEqualTo(new EditCounts(20_000, 1, 0, 0));
        assertThat(describe(alignment))
                .isEqualTo(
                        "EQUAL[0,10000)[0,10000) SUBSTITUTE[10000,10001)[10000,10001)"
                                + " EQUAL[10001,20001)[10001,20001)");
    }

    @Test
    void refusesToAlignBeyondTheCellLimitButStillCounts() {
        // No common ends: (12 000 + 1) * (12 001 + 1) = 144 036 002 cells, above 50 000 000.
        List<String> reference = new ArrayList<>(tokens(12_000, "A"));
        List<String> hypothesis = new ArrayList<>(reference);
        hypothesis.set(0, "B");
        hypothesis.add("C");

        assertThat(EditAligner.canAlign(reference, hypothesis)).isFalse();
        assertThat(EditAligner.alignWithinLimit(reference, hypothesis)).isEmpty();
        assertThatThrownBy(() -> EditAligner.align(reference, hypothesis))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Aligning 12000 reference and 12001 hypothesis tokens needs 144036002 cells"
                                + " between their common ends (0 tokens at the start, 0 at the"
                                + " end) but an alignment may use at most 50000000; use"
                                + " EditAligner.count for the counts alone");
        // one A->B substitution and one trailing C insertion
        assertThat(EditAligner.count(reference, hypothesis))
                .isEqualTo(new EditCounts(11_999, 1, 0, 1));
    }

    private static List<String> tokens(int count, String token) {
        return Collections.nCopies(count, token);
    }

    private static List<String> words(String text) {
        return text.isEmpty() ? List.of() : List.of(text.split(" "));
    }

    private static String describe(Alignment alignment) {
        return alignment.chunks().stream()
                .map(
                        c ->
                                c.operation()
                                        + "["
                                        + c.refStart()
                                        + ","
                                        + c.refEnd()
                                        + ")["
                                        + c.hypStart()
                                        + ","
                                        + c.hypEnd()
                                        + ")")
                .collect(Collectors.joining(" "));
    }

    private static List<String> randomTokens(Random random, int length) {
        List<String> tokens = new ArrayList<>();
        for (int k = 0; k < length; k++) {
            tokens.add(String.valueOf((char) ('a' + random.nextInt(3))));
        }
        return tokens;
    }

    // Textbook full-matrix Levenshtein distance, independent of the code under test.
    private static long levenshtein(List<String> a, List<String> b) {
        int[][] d = new int[a.size() + 1][b.size() + 1];
        for (int i = 0; i <= a.size(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.size(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.size(); i++) {
            for (int j = 1; j <= b.size(); j++) {
                int substitution = d[i - 1][j - 1] + (a.get(i - 1).equals(b.get(j - 1)) ? 0 : 1);
                d[i][j] = Math.min(substitution, Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1));
            }
        }
        return d[a.size()][b.size()];
    }
}
