package org.wav2vec2spark.report;

import org.wav2vec2spark.metrics.Bootstrap;
import org.wav2vec2spark.metrics.CaseFolding;
import org.wav2vec2spark.metrics.ConfidenceInterval;
import org.wav2vec2spark.metrics.EditCounts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Computes what the HTML report shows from what it is made of: bootstrap intervals per split, the
 * history per split in time order, the speaker table, the worst utterances and the most frequent
 * word errors. Transcripts are compared as the run scored them, its case folding applied.
 */
public final class ReportContentsCalculator {

    /** How many utterances the worst-utterances section shows. */
    public static final int WORST_UTTERANCES = 25;

    /** How many substitution pairs, deleted words and inserted words are listed. */
    public static final int TOP_CONFUSIONS = 20;

    /**
     * 1000 percentile-bootstrap resamples (Bisani and Ney, 2004) at 95 %, with a seed fixed so that
     * the same run always gives the same intervals.
     */
    public static final ReportContents.IntervalSettings INTERVALS =
            new ReportContents.IntervalSettings(1000, 20_240_601L, 0.95);

    private ReportContentsCalculator() {}

    /** Everything the page shows for {@code input}. */
    public static ReportContents calculate(ReportInput input) {
        CaseFolding caseFolding = input.summary().run().caseFolding();
        return new ReportContents(
                input.summary(),
                input.warnings(),
                input.verdict(),
                input.utterances().size(),
                input.utterancesInRun(),
                INTERVALS,
                splitRows(input.summary(), input.utterances()),
                history(input.history()),
                SpeakerSummary.of(input.utterances()),
                worst(input.utterances(), caseFolding),
                wordErrors(input.utterances(), caseFolding));
    }

    private static List<ReportContents.SplitRow> splitRows(
            RunSummary summary, List<UtteranceResult> utterances) {
        Map<String, List<UtteranceResult>> bySplit = new TreeMap<>();
        for (UtteranceResult r : utterances) {
            if (r.isOk()) {
                bySplit.computeIfAbsent(r.split(), s -> new ArrayList<>()).add(r);
            }
        }
        List<ReportContents.SplitRow> rows = new ArrayList<>();
        for (SplitSummary split : summary.splits().values()) {
            // The bootstrap draws by position: id order keeps the interval independent of the
            // order Spark returned the rows in.
            List<UtteranceResult> scored =
                    bySplit.getOrDefault(split.split(), List.of()).stream()
                            .sorted(Comparator.comparing(UtteranceResult::id))
                            .toList();
            rows.add(
                    new ReportContents.SplitRow(
                            split,
                            interval(scored, UtteranceResult::words),
                            interval(scored, UtteranceResult::characters)));
        }
        return rows;
    }

    private static Optional<ConfidenceInterval> interval(
            List<UtteranceResult> scored, Function<UtteranceResult, EditCounts> counts) {
        if (scored.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                Bootstrap.errorRate(
                        scored.stream().map(counts).toList(),
                        INTERVALS.replicates(),
                        INTERVALS.seed(),
                        INTERVALS.level()));
    }

    private static List<ReportContents.SplitHistory> history(List<HistoryPoint> history) {
        Map<String, List<HistoryPoint>> bySplit = new TreeMap<>();
        for (HistoryPoint point : history) {
            bySplit.computeIfAbsent(point.split(), s -> new ArrayList<>()).add(point);
        }
        List<ReportContents.SplitHistory> splits = new ArrayList<>();
        for (Map.Entry<String, List<HistoryPoint>> entry : bySplit.entrySet()) {
            List<HistoryPoint> points = entry.getValue();
            // A stable sort: points of the same run time keep the history's order.
            points.sort(Comparator.comparing(HistoryPoint::runTime));
            splits.add(new ReportContents.SplitHistory(entry.getKey(), points));
        }
        return splits;
    }

    private static List<ReportContents.WorstUtterance> worst(
            List<UtteranceResult> utterances, CaseFolding caseFolding) {
        return WorstUtterances.select(utterances, WORST_UTTERANCES).stream()
                .map(
                        r ->
                                new ReportContents.WorstUtterance(
                                        r,
                                        caseFolding.apply(r.reference()),
                                        caseFolding.apply(r.hypothesis())))
                .toList();
    }

    private static ReportContents.WordErrors wordErrors(
            List<UtteranceResult> utterances, CaseFolding caseFolding) {
        ConfusionCounter counter = new ConfusionCounter();
        for (UtteranceResult r : utterances) {
            if (r.isOk() && r.words().errors() > 0) {
                counter.add(caseFolding.apply(r.reference()), caseFolding.apply(r.hypothesis()));
            }
        }
        return new ReportContents.WordErrors(
                counter.topSubstitutions(TOP_CONFUSIONS),
                counter.topDeletions(TOP_CONFUSIONS),
                counter.topInsertions(TOP_CONFUSIONS),
                counter.skipped());
    }
}
