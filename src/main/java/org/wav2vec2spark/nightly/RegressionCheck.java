package org.wav2vec2spark.nightly;

import org.wav2vec2spark.metrics.Bootstrap;
import org.wav2vec2spark.metrics.ConfidenceInterval;
import org.wav2vec2spark.metrics.EditCounts;
import org.wav2vec2spark.report.FailedShare;
import org.wav2vec2spark.report.SplitSummary;
import org.wav2vec2spark.report.SplitVerdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decides, split by split, whether today's run regressed, against three things:
 *
 * <ol>
 *   <li>failures: more than {@link RegressionPolicy#maxFailedFraction()} of the split failed;
 *   <li>the preset's fixed expectation: WER above expected + tolerance;
 *   <li>the previous comparable run: the WER difference (today - previous) is larger than the
 *       regression tolerance and its paired-bootstrap interval over the utterances scored in both
 *       runs lies entirely above zero. Utterances scored in only one of the runs are counted in the
 *       line and left out of the pairing.
 * </ol>
 *
 * <p>A rate exactly at its limit is within it: the limits are compared exactly ({@link
 * RateLimits}), not in doubles.
 *
 * <p>Splits that have an expectation but are missing from today's run are regressions too, and so
 * are splits in which no utterance was scored, whose WER is undefined. A line names the previous
 * run by its output folder, where a user finds its results.
 */
public final class RegressionCheck {

    private RegressionCheck() {}

    /**
     * One verdict per split of today's run (and per expected split it lacks), in split order.
     *
     * @param today today's record
     * @param todayUtterances today's per-utterance outcomes
     * @param previous the previous comparable run, or {@code null} when there is none
     * @param previousUtterances its outcomes, or {@code null} when there is no previous run
     * @param policy thresholds
     */
    public static List<SplitVerdict> check(
            HistoryRecord today,
            List<UtteranceOutcome> todayUtterances,
            HistoryRecord previous,
            List<UtteranceOutcome> previousUtterances,
            RegressionPolicy policy) {
        TreeSet<String> names = new TreeSet<>(today.splits().keySet());
        names.addAll(policy.expectedWer().keySet());
        List<SplitVerdict> verdicts = new ArrayList<>();
        for (String name : names) {
            SplitSummary split = today.splits().get(name);
            if (split == null) {
                verdicts.add(
                        new SplitVerdict(
                                name,
                                true,
                                name
                                        + " REGRESSION: the preset expects this split but the run"
                                        + " has none"));
                continue;
            }
            List<String> failed = new ArrayList<>();
            List<String> passed = new ArrayList<>();
            checkFailures(split, policy, failed, passed);
            if (split.scored() == 0) {
                // No WER to compare (NaN passes every "above" test): a split whose utterances all
                // failed must not read as a perfect one. All-empty references (a silence test) do
                // have a WER, their insertion count, and are checked like any other split.
                failed.add("no utterance was scored");
            } else {
                checkExpectation(split, policy, failed, passed);
            }
            if (previous != null && previous.splits().containsKey(name)) {
                checkPrevious(
                        name,
                        todayUtterances,
                        previous,
                        previousUtterances,
                        policy,
                        failed,
                        passed);
            } else {
                passed.add("no comparable previous run");
            }
            List<String> parts = new ArrayList<>(failed);
            parts.addAll(passed);
            verdicts.add(
                    new SplitVerdict(
                            name,
                            !failed.isEmpty(),
                            String.format(
                                    Locale.ROOT,
                                    "%s %s: WER %s [ %d / %d ]; %s",
                                    name,
                                    failed.isEmpty() ? "OK" : "REGRESSION",
                                    percent(split.wer()),
                                    split.words().errors(),
                                    split.words().referenceLength(),
                                    String.join("; ", parts))));
        }
        return verdicts;
    }

    private static void checkFailures(
            SplitSummary split, RegressionPolicy policy, List<String> failed, List<String> passed) {
        if (FailedShare.above(split.failed(), split.utterances(), policy.maxFailedFraction())) {
            failed.add(
                    String.format(
                            Locale.ROOT,
                            "%d of %d utterances failed (allowed fraction %s)",
                            split.failed(),
                            split.utterances(),
                            policy.maxFailedFraction()));
        } else if (split.failed() > 0) {
            passed.add(split.failed() + " failed utterances, within the allowed fraction");
        }
    }

    private static void checkExpectation(
            SplitSummary split, RegressionPolicy policy, List<String> failed, List<String> passed) {
        Double expected = policy.expectedWer().get(split.split());
        if (expected == null) {
            return;
        }
        String text =
                String.format(
                        Locale.ROOT,
                        "expected %s + tolerance %s",
                        percent(expected),
                        points(policy.expectTolerance()));
        if (RateLimits.rateAbove(split.words(), expected, policy.expectTolerance())) {
            failed.add("above " + text);
        } else {
            passed.add("within " + text);
        }
    }

    private static void checkPrevious(
            String name,
            List<UtteranceOutcome> todayUtterances,
            HistoryRecord previous,
            List<UtteranceOutcome> previousUtterances,
            RegressionPolicy policy,
            List<String> failed,
            List<String> passed) {
        Map<String, EditCounts> before = scored(previousUtterances, name);
        Map<String, EditCounts> after = scored(todayUtterances, name);
        List<EditCounts> baseline = new ArrayList<>();
        List<EditCounts> candidate = new ArrayList<>();
        for (Map.Entry<String, EditCounts> entry : after.entrySet()) {
            EditCounts earlier = before.get(entry.getKey());
            if (earlier != null) {
                baseline.add(earlier);
                candidate.add(entry.getValue());
            }
        }
        int unpaired = before.size() + after.size() - 2 * baseline.size();
        String against =
                String.format(
                        Locale.ROOT,
                        "vs %s (model %s, commit %s)",
                        previous.outputUri(),
                        abbreviate(previous.modelSha256()),
                        abbreviate(previous.projectCommit()));
        if (baseline.isEmpty()) {
            passed.add(against + ": no utterance scored in both runs, nothing to pair");
            return;
        }
        ConfidenceInterval interval =
                Bootstrap.pairedDifference(
                        baseline, candidate, policy.replicates(), policy.seed(), policy.level());
        String text =
                String.format(
                        Locale.ROOT,
                        "%s: %s, %.0f%% CI [%s, %s] pts over %d paired utterances%s",
                        against,
                        signedPoints(interval.estimate()),
                        100 * interval.level(),
                        signed(interval.lower()),
                        signed(interval.upper()),
                        baseline.size(),
                        unpaired == 0
                                ? ""
                                : " (" + unpaired + " scored in only one run, not paired)");
        if (interval.entirelyAbove(0)
                && RateLimits.riseAbove(
                        sum(baseline), sum(candidate), policy.regressionTolerance())) {
            failed.add(
                    text
                            + String.format(
                                    Locale.ROOT,
                                    ", above tolerance %s",
                                    points(policy.regressionTolerance())));
        } else {
            passed.add(text);
        }
    }

    private static EditCounts sum(List<EditCounts> counts) {
        return counts.stream().reduce(EditCounts.ZERO, EditCounts::plus);
    }

    /**
     * The split's scored utterances by id, in id order: the bootstrap draws by position, so the
     * order Spark happened to return the rows in must not move the interval.
     */
    private static Map<String, EditCounts> scored(List<UtteranceOutcome> utterances, String split) {
        Map<String, EditCounts> counts = new TreeMap<>();
        for (UtteranceOutcome u : utterances) {
            if (u.ok() && u.split().equals(split)) {
                counts.put(u.id(), u.words());
            }
        }
        return counts;
    }

    private static String percent(double rate) {
        return Double.isNaN(rate) ? "n/a" : String.format(Locale.ROOT, "%.2f%%", 100 * rate);
    }

    private static String points(double rate) {
        return String.format(Locale.ROOT, "%.2f pts", 100 * rate);
    }

    private static String signedPoints(double rate) {
        return signed(rate) + " pts";
    }

    private static String signed(double rate) {
        return String.format(Locale.ROOT, "%+.2f", 100 * rate);
    }

    private static String abbreviate(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
