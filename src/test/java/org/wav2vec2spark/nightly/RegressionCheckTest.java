package org.wav2vec2spark.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.wav2vec2spark.metrics.EditCounts;
import org.wav2vec2spark.report.SplitSummary;
import org.wav2vec2spark.report.SplitVerdict;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The per-split verdicts on hand-built runs whose bootstrap intervals are known without running it
 * (explained at each case).
 */
class RegressionCheckTest {
    private static final RegressionPolicy NO_EXPECTATIONS =
            new RegressionPolicy(Map.of(), 0.002, 0.001, 1000, 0.95, 1, 0);

    @Test
    void oneMoreErrorOnEveryUtteranceIsARegression() {
        // 50 utterances of 10 words; today has exactly one more error on each, so every bootstrap
        // replicate's difference is 1/10 and the interval is [+10, +10] points. Today's errors:
        // i % 3 over i < 50 sums to 17 * 1 + 16 * 2 = 49, plus one each = 99 of 500 words.
        List<UtteranceOutcome> before = new ArrayList<>();
        List<UtteranceOutcome> after = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            before.add(outcome("dev", "u" + i, i % 3));
            after.add(outcome("dev", "u" + i, i % 3 + 1));
        }

        SplitVerdict verdict = only(check(before, after, NO_EXPECTATIONS));

        assertThat(verdict.regressed()).isTrue();
        assertThat(verdict.line())
                .startsWith(
                        "dev REGRESSION: WER 19.80% [ 99 / 500 ]; vs file:/runs/x (model"
                                + " ffffffffffff, commit 0123456789ab): ")
                .contains(": +10.00 pts, 95% CI [+10.00, +10.00] pts over 50 paired utterances")
                .endsWith(", above tolerance 0.10 pts");
    }

    @Test
    void twoUtteranceBootstrapHasItsHandDerivedInterval() {
        // Two 10-word utterances, a: 0 -> 1 error, b: 0 -> 3 errors. A replicate draws {a,a}
        // (difference 0.1) with probability 1/4, {a,b} (0.2) with 1/2 and {b,b} (0.3) with 1/4, so
        // of 1000 replicates about 250 are 0.1 and 250 are 0.3: the 2.5% and 97.5% quantiles are
        // exactly 0.1 and 0.3, and the estimate on the full data is 4/20 = 0.2.
        List<UtteranceOutcome> before = List.of(outcome("dev", "a", 0), outcome("dev", "b", 0));
        List<UtteranceOutcome> after = List.of(outcome("dev", "a", 1), outcome("dev", "b", 3));

        SplitVerdict significant = only(check(before, after, NO_EXPECTATIONS));
        SplitVerdict belowTolerance =
                only(
                        check(
                                before,
                                after,
                                new RegressionPolicy(Map.of(), 0, 0.25, 1000, 0.95, 1, 0)));

        assertThat(significant.line()).contains("+20.00 pts, 95% CI [+10.00, +30.00] pts");
        assertThat(significant.regressed()).isTrue();
        // Significant, but the 20-point rise is not above a 25-point tolerance.
        assertThat(belowTolerance.regressed()).isFalse();
        assertThat(belowTolerance.line()).startsWith("dev OK: ");
    }

    @Test
    void changesThatCancelOutAreNotARegression() {
        // a: 0 -> 2 errors, b: 2 -> 0 errors; replicates give +0.2, 0 or -0.2, so the interval is
        // [-20, +20] points around an estimate of 0.
        List<UtteranceOutcome> before = List.of(outcome("dev", "a", 0), outcome("dev", "b", 2));
        List<UtteranceOutcome> after = List.of(outcome("dev", "a", 2), outcome("dev", "b", 0));

        SplitVerdict verdict = only(check(before, after, NO_EXPECTATIONS));

        assertThat(verdict.regressed()).isFalse();
        assertThat(verdict.line()).contains("+0.00 pts, 95% CI [-20.00, +20.00] pts");
    }

    @Test
    void utterancesScoredInOnlyOneRunAreNotPairedAndSaidSo() {
        List<UtteranceOutcome> before =
                List.of(outcome("dev", "a", 1), outcome("dev", "b", 1), outcome("dev", "c", 1));
        List<UtteranceOutcome> after =
                List.of(outcome("dev", "a", 1), outcome("dev", "b", 1), failed("dev", "c"));

        SplitVerdict verdict = only(check(before, after, NO_EXPECTATIONS));

        assertThat(verdict.line())
                .contains("over 2 paired utterances (1 scored in only one run, not paired)");
    }

    @Test
    void theVerdictDoesNotDependOnTheOrderTheRowsWereReadIn() {
        // Spark returns rows in part-file order, which a copied run folder need not keep. Uneven
        // changes over 40 utterances give an interval that any reordering of the draws would move.
        List<UtteranceOutcome> before = new ArrayList<>();
        List<UtteranceOutcome> after = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            before.add(outcome("dev", "u" + i, i % 4));
            after.add(outcome("dev", "u" + i, (i * 7) % 5));
        }
        List<UtteranceOutcome> beforeShuffled = new ArrayList<>(before);
        List<UtteranceOutcome> afterShuffled = new ArrayList<>(after);
        Collections.shuffle(beforeShuffled, new Random(1));
        Collections.shuffle(afterShuffled, new Random(2));

        SplitVerdict inOrder = only(check(before, after, NO_EXPECTATIONS));
        SplitVerdict shuffled = only(check(beforeShuffled, afterShuffled, NO_EXPECTATIONS));

        assertThat(shuffled.line()).isEqualTo(inOrder.line());
    }

    @Test
    void expectationsFailuresAndMissingSplits() {
        // "dev" has 3 errors in 20 words (15%); "test" is expected but absent.
        List<UtteranceOutcome> run =
                List.of(outcome("dev", "a", 1), outcome("dev", "b", 2), failed("dev", "c"));
        RegressionPolicy within =
                new RegressionPolicy(Map.of("dev", 0.14), 0.01, 0.001, 100, 0.95, 1, 0.5);
        RegressionPolicy above =
                new RegressionPolicy(
                        Map.of("dev", 0.13, "test", 0.1), 0.01, 0.001, 100, 0.95, 1, 0);

        List<SplitVerdict> ok = check(null, run, within);
        List<SplitVerdict> bad = check(null, run, above);

        assertThat(ok)
                .extracting(SplitVerdict::line)
                .containsExactly(
                        "dev OK: WER 15.00% [ 3 / 20 ]; 1 failed utterances, within the allowed"
                                + " fraction; within expected 14.00% + tolerance 1.00 pts; no"
                                + " comparable previous run");
        assertThat(bad)
                .extracting(SplitVerdict::line)
                .containsExactly(
                        "dev REGRESSION: WER 15.00% [ 3 / 20 ]; 1 of 3 utterances failed (allowed"
                                + " fraction 0.0); above expected 13.00% + tolerance 1.00 pts; no"
                                + " comparable previous run",
                        "test REGRESSION: the preset expects this split but the run has none");
    }

    @Test
    void aSplitWithNoScoredUtteranceIsNotOk() {
        // Its WER is NaN, which is above no limit: without its own check such a split would pass
        // as "OK: WER NaN%", within any expectation.
        List<UtteranceOutcome> allFailed =
                List.of(
                        new UtteranceOutcome(
                                "dev", "a", "", false, 0, EditCounts.ZERO, EditCounts.ZERO));
        RegressionPolicy anyFailureAllowed =
                new RegressionPolicy(Map.of("dev", 0.1), 0.01, 0.001, 100, 0.95, 1, 1);

        SplitVerdict failed = only(check(null, allFailed, anyFailureAllowed));

        assertThat(failed.regressed()).isTrue();
        assertThat(failed.line())
                .isEqualTo(
                        "dev REGRESSION: WER n/a [ 0 / 0 ]; no utterance was scored; 1 failed"
                                + " utterances, within the allowed fraction; no comparable"
                                + " previous run");
    }

    @Test
    void aSilenceSplitIsCheckedByItsInsertionsAsJiwerScoresIt() {
        // All references empty: jiwer 4 defines the rate as the insertion count, so a silence test
        // passes while the model stays silent and regresses once it hallucinates a word.
        EditCounts inserted = new EditCounts(0, 0, 0, 2);
        UtteranceOutcome silent =
                new UtteranceOutcome("dev", "a", "", true, 1.0, EditCounts.ZERO, EditCounts.ZERO);
        RegressionPolicy silenceExpected =
                new RegressionPolicy(Map.of("dev", 0.0), 0.0, 0.001, 100, 0.95, 1, 1);

        SplitVerdict quiet = only(check(null, List.of(silent), silenceExpected));
        SplitVerdict hallucinating =
                only(
                        check(
                                null,
                                List.of(
                                        silent,
                                        new UtteranceOutcome(
                                                "dev", "b", "", true, 1.0, inserted, inserted)),
                                silenceExpected));

        assertThat(quiet.regressed()).isFalse();
        assertThat(quiet.line())
                .isEqualTo(
                        "dev OK: WER 0.00% [ 0 / 0 ]; within expected 0.00% + tolerance 0.00 pts;"
                                + " no comparable previous run");
        assertThat(hallucinating.regressed()).isTrue();
        assertThat(hallucinating.line())
                .isEqualTo(
                        "dev REGRESSION: WER 200.00% [ 2 / 0 ]; above expected 0.00% + tolerance"
                                + " 0.00 pts; no comparable previous run");
    }

    @Test
    void exactlyTheAllowedShareOfFailedUtterancesIsNoRegression() {
        // 29 of 100 failed against an allowance of 0.29: 0.29 * 100 is 28.999999999999996 in
        // doubles, which once made the exact share count as more than allowed.
        List<UtteranceOutcome> today = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            today.add(i < 29 ? failed("dev", "u" + i) : outcome("dev", "u" + i, 0));
        }

        SplitVerdict verdict =
                only(
                        check(
                                null,
                                today,
                                new RegressionPolicy(Map.of(), 0.002, 0.001, 1000, 0.95, 1, 0.29)));

        assertThat(verdict.regressed()).isFalse();
        assertThat(verdict.line()).contains("29 failed utterances, within the allowed fraction");
    }

    @ParameterizedTest(name = "{0} then {1} errors in 10,000 words: regression {2}")
    @CsvSource({
        // +0.10 pts against a tolerance of 0.10 pts: 111/10000 - 101/10000 is
        // 0.0010000000000000009 in doubles, which once counted as above it.
        "101, 111, false",
        "101, 112, true",
    })
    void aRiseOfExactlyTheToleranceIsNoRegression(int before, int after, boolean regressed) {
        List<UtteranceOutcome> earlier = new ArrayList<>();
        List<UtteranceOutcome> today = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            earlier.add(outcome("dev", "u" + i, i < before ? 1 : 0));
            today.add(outcome("dev", "u" + i, i < after ? 1 : 0));
        }

        SplitVerdict verdict = only(check(earlier, today, NO_EXPECTATIONS));

        assertThat(verdict.line()).contains("pts over 1000 paired utterances");
        assertThat(verdict.regressed()).as(verdict.line()).isEqualTo(regressed);
    }

    @ParameterizedTest(name = "{0} errors in 1,000 words against 0.9% + 0.1 pts: regression {1}")
    @CsvSource({
        // 0.009 + 0.001 is 0.009999999999999998 in doubles, below 10/1000.
        "10, false",
        "11, true",
    })
    void aWerOfExactlyTheExpectationPlusToleranceIsWithinIt(int errors, boolean regressed) {
        List<UtteranceOutcome> today = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            today.add(outcome("dev", "u" + i, i < errors ? 1 : 0));
        }
        RegressionPolicy expecting =
                new RegressionPolicy(Map.of("dev", 0.009), 0.001, 0.001, 1000, 0.95, 1, 0);

        SplitVerdict verdict = only(check(null, today, expecting));

        assertThat(verdict.regressed()).as(verdict.line()).isEqualTo(regressed);
        assertThat(verdict.line())
                .contains(
                        (regressed ? "above" : "within") + " expected 0.90% + tolerance 0.10 pts");
    }

    /** An utterance that failed: nothing of it is scored. */
    private static UtteranceOutcome failed(String split, String id) {
        return new UtteranceOutcome(split, id, "", false, 0, EditCounts.ZERO, EditCounts.ZERO);
    }

    /** A 10-word utterance with {@code errors} substitutions. */
    private static UtteranceOutcome outcome(String split, String id, int errors) {
        EditCounts words = new EditCounts(10 - errors, errors, 0, 0);
        return new UtteranceOutcome(split, id, "REF " + id, true, 1.0, words, words);
    }

    private static List<SplitVerdict> check(
            List<UtteranceOutcome> before, List<UtteranceOutcome> after, RegressionPolicy policy) {
        HistoryRecord today = record(after, false);
        HistoryRecord previous = before == null ? null : record(before, false);
        return RegressionCheck.check(today, after, previous, before, policy);
    }

    static HistoryRecord record(List<UtteranceOutcome> utterances, boolean regressed) {
        Map<String, SplitSummary> splits = new java.util.TreeMap<>();
        for (UtteranceOutcome u : utterances) {
            SplitSummary one =
                    new SplitSummary(u.split(), 1, u.ok() ? 0 : 1, 0, u.words(), u.characters());
            splits.merge(
                    u.split(),
                    one,
                    (a, b) ->
                            new SplitSummary(
                                    a.split(),
                                    a.utterances() + 1,
                                    a.failed() + b.failed(),
                                    0,
                                    a.words().plus(b.words()),
                                    a.characters().plus(b.characters())));
        }
        return new HistoryRecord(
                "2025-01-01T02:00:00Z",
                "2025-01-01T01:59:00Z",
                "0123456789abcdef",
                "model",
                "f".repeat(64),
                DataFingerprint.of(utterances),
                splits,
                1,
                1,
                1,
                "file:/runs/x",
                regressed);
    }

    private static SplitVerdict only(List<SplitVerdict> verdicts) {
        assertThat(verdicts).hasSize(1);
        return verdicts.get(0);
    }
}
