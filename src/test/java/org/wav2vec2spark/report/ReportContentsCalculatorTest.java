package org.wav2vec2spark.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.wav2vec2spark.metrics.Bootstrap;
import org.wav2vec2spark.metrics.CaseFolding;
import org.wav2vec2spark.metrics.ConfidenceInterval;
import org.wav2vec2spark.metrics.EditCounts;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;

class ReportContentsCalculatorTest {

    @Test
    void splitIntervalsAreTheBootstrapOfTheSplitsScoredUtterances() {
        List<UtteranceResult> utterances =
                List.of(
                        Results.scored("c1", "clean", "1", "A B C D", "A X C"),
                        Results.scored("c2", "clean", "1", "E F G H", "E F G H"),
                        Results.scored("c3", "clean", "2", "I J", "I J K"),
                        Results.failed("c4", "clean", "2", "decoder said no"),
                        Results.scored("o1", "other", "3", "Z", "Y"),
                        Results.failed("f1", "failed-only", "4", "unreadable"));

        ReportContents contents = calculate(utterances);

        // Only the scored utterances of each split are resampled; the failed one is left out.
        List<UtteranceResult> clean = utterances.subList(0, 3);
        assertThat(contents.splits())
                .extracting(row -> row.split().split())
                .containsExactly("clean", "failed-only", "other");
        ReportContents.SplitRow cleanRow = contents.splits().get(0);
        assertThat(cleanRow.split()).isEqualTo(contents.summary().splits().get("clean"));
        assertThat(cleanRow.werInterval())
                .contains(bootstrap(clean.stream().map(UtteranceResult::words).toList()));
        assertThat(cleanRow.cerInterval())
                .contains(bootstrap(clean.stream().map(UtteranceResult::characters).toList()));
        // No scored utterance: no interval rather than one over nothing.
        assertThat(contents.splits().get(1).werInterval()).isEmpty();
        assertThat(contents.splits().get(1).cerInterval()).isEmpty();
        assertThat(contents.splits().get(2).werInterval())
                .contains(bootstrap(List.of(utterances.get(4).words())));
        assertThat(contents.intervals()).isEqualTo(ReportContentsCalculator.INTERVALS);
    }

    @Test
    void splitIntervalsDoNotDependOnTheOrderTheRowsWereReadIn() {
        // Spark returns rows in part-file order, which a copied run folder need not keep.
        List<UtteranceResult> utterances = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String hypothesis = i % 3 == 0 ? "A X C" : i % 5 == 0 ? "A" : "A B C";
            utterances.add(Results.scored("u" + i, "s", "1", "A B C", hypothesis));
        }
        List<UtteranceResult> shuffled = new ArrayList<>(utterances);
        Collections.shuffle(shuffled, new Random(1));

        ReportContents.SplitRow inOrder = calculate(utterances).splits().get(0);
        ReportContents.SplitRow reordered = calculate(shuffled).splits().get(0);

        assertThat(reordered.werInterval()).isEqualTo(inOrder.werInterval());
        assertThat(reordered.cerInterval()).isEqualTo(inOrder.cerInterval());
    }

    @Test
    void worstUtterancesComeMostErrorsFirstWithTheirTranscriptsAsScored() {
        List<UtteranceResult> utterances =
                List.of(
                        scoredFolded("one-error", "A B", "a x"),
                        scoredFolded("three-errors", "A B C", "x y z"),
                        scoredFolded("no-error", "A B", "a b"),
                        scoredFolded("two-errors", "A B C", "a"));

        ReportContents contents = calculate(folded(utterances), utterances);

        assertThat(contents.worst())
                .extracting(w -> w.result().id())
                .containsExactly("three-errors", "two-errors", "one-error");
        ReportContents.WorstUtterance worst = contents.worst().get(0);
        assertThat(worst.reference()).isEqualTo("A B C");
        // The model wrote lower case; the page shows the hypothesis as it was compared.
        assertThat(worst.hypothesis()).isEqualTo("X Y Z");
        assertThat(worst.wer()).isEqualTo(1.0);
        assertThat(contents.worst().get(1).wer()).isEqualTo(2.0 / 3);
    }

    @Test
    void worstUtterancesStopAtTheLimit() {
        List<UtteranceResult> utterances = new ArrayList<>();
        for (int i = 0; i < ReportContentsCalculator.WORST_UTTERANCES + 5; i++) {
            utterances.add(Results.scored(String.format("u%02d", i), "s", "1", "A B", "A X"));
        }

        ReportContents contents = calculate(utterances);

        // All have one error in two words: split and id decide, so the first 25 ids.
        assertThat(contents.worst())
                .extracting(w -> w.result().id())
                .containsExactlyElementsOf(
                        utterances.stream()
                                .limit(ReportContentsCalculator.WORST_UTTERANCES)
                                .map(UtteranceResult::id)
                                .toList());
    }

    @Test
    void wordErrorsAreCountedAsScoredOverTheScoredUtterances() {
        List<UtteranceResult> utterances =
                List.of(
                        scoredFolded("u1", "A B C D", "a x c"),
                        scoredFolded("u2", "A B C", "a x c e"),
                        scoredFolded("u3", "B", "b"),
                        Results.failed("u4", "s", "1", "broken"));

        ReportContents.WordErrors errors = calculate(folded(utterances), utterances).wordErrors();

        // u1: B->X, D deleted; u2: B->X, E inserted; "x" and "b" differ only in case.
        assertThat(errors.substitutions()).containsExactly(new WordConfusion("B", "X", 2));
        assertThat(errors.deletions()).containsExactly(new WordCount("D", 1));
        assertThat(errors.insertions()).containsExactly(new WordCount("E", 1));
        assertThat(errors.unaligned()).isZero();
    }

    @Test
    void historyIsPerSplitInNameOrderAndEachSplitInTimeOrder() {
        List<UtteranceResult> utterances = List.of(Results.scored("u", "s", "1", "A", "A"));
        HistoryPoint laterClean = new HistoryPoint("2026-01-02T00:00:00Z", "clean", 0.20);
        HistoryPoint earlierClean = new HistoryPoint("2026-01-01T00:00:00Z", "clean", 0.30);
        HistoryPoint other = new HistoryPoint("2026-01-01T00:00:00Z", "other", 0.40);

        ReportContents contents =
                ReportContentsCalculator.calculate(
                        ReportInput.complete(
                                HtmlReportTest.summaryOf(utterances),
                                utterances,
                                List.of(other, laterClean, earlierClean)));

        assertThat(contents.history())
                .containsExactly(
                        new ReportContents.SplitHistory("clean", List.of(earlierClean, laterClean)),
                        new ReportContents.SplitHistory("other", List.of(other)));
    }

    @Test
    void speakersSampleWarningsAndVerdictAreCarriedOver() {
        List<UtteranceResult> utterances =
                List.of(
                        Results.scored("a", "s", "1", "A B", "A B"),
                        Results.scored("b", "s", "2", "A B", "A"),
                        Results.scored("c", "s", "2", "A", "A"));
        NightlyVerdict verdict =
                new NightlyVerdict(List.of(new SplitVerdict("s", true, "s REGRESSION")), false);
        ReportInput input =
                new ReportInput(
                        HtmlReportTest.summaryOf(utterances),
                        utterances.subList(0, 2),
                        7,
                        List.of(),
                        List.of("a warning"),
                        verdict);

        ReportContents contents = ReportContentsCalculator.calculate(input);

        assertThat(contents.speakers())
                .containsExactly(
                        new SpeakerSummary("s", "2", 1, new EditCounts(1, 0, 1, 0)),
                        new SpeakerSummary("s", "1", 1, new EditCounts(2, 0, 0, 0)));
        assertThat(contents.utterancesAnalysed()).isEqualTo(2);
        assertThat(contents.utterancesInRun()).isEqualTo(7);
        assertThat(contents.sampled()).isTrue();
        assertThat(contents.warnings()).containsExactly("a warning");
        assertThat(contents.verdict()).isEqualTo(verdict);
        assertThat(contents.summary()).isEqualTo(input.summary());
    }

    @Test
    void noScoredUtteranceGivesEmptySections() {
        List<UtteranceResult> utterances = List.of(Results.failed("f", "s", "1", "broken"));

        ReportContents contents = calculate(utterances);

        assertThat(contents.speakers()).isEmpty();
        assertThat(contents.worst()).isEmpty();
        assertThat(contents.wordErrors().substitutions()).isEmpty();
        assertThat(contents.splits().get(0).werInterval()).isEqualTo(Optional.empty());
    }

    private static ConfidenceInterval bootstrap(List<EditCounts> counts) {
        ReportContents.IntervalSettings settings = ReportContentsCalculator.INTERVALS;
        return Bootstrap.errorRate(
                counts, settings.replicates(), settings.seed(), settings.level());
    }

    private static ReportContents calculate(List<UtteranceResult> utterances) {
        return calculate(HtmlReportTest.summaryOf(utterances), utterances);
    }

    private static ReportContents calculate(RunSummary summary, List<UtteranceResult> utterances) {
        return ReportContentsCalculator.calculate(
                ReportInput.complete(summary, utterances, List.of()));
    }

    /** A lower-case model's utterance, scored upper-cased. */
    private static UtteranceResult scoredFolded(String id, String reference, String hypothesis) {
        return Results.scored(id, "s", "1", reference, hypothesis, CaseFolding.UPPER);
    }

    /** The summary of a run scored upper-cased, as the evaluate job records it. */
    private static RunSummary folded(List<UtteranceResult> utterances) {
        RunSummary asWritten = HtmlReportTest.summaryOf(utterances);
        return new RunSummary(
                asWritten.splits(),
                asWritten.model(),
                asWritten.run().withCaseFolding(CaseFolding.UPPER),
                asWritten.failures());
    }
}
