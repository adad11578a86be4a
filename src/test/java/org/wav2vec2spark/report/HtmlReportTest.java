package org.wav2vec2spark.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.wav2vec2spark.metrics.CaseFolding;
import org.wav2vec2spark.metrics.EditCounts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

class HtmlReportTest {

    private static final String HOSTILE_REFERENCE = "<SCRIPT>ALERT(1)</SCRIPT> A & B \"Q\" 'S'";

    @Test
    void splitTableShowsRatesFromTheSummaryAndBootstrapIntervals() {
        List<UtteranceResult> utterances = sampleUtterances();
        Document page =
                Xml.parse(
                        render(ReportInput.complete(summaryOf(utterances), utterances, List.of())));

        // clean: "A B C D"/"A X C" (2 errors) + "E F G H"/"E F G H" (0) -> 2/8 = 25.00 %
        assertThat(Xml.text(page, "//tr[@data-split='clean']/td[@class='wer']")).isEqualTo("25.00");
        assertThat(Xml.text(page, "//tr[@data-split='clean']/td[@class='utterances']"))
                .isEqualTo("2");
        // Two utterances with WERs 2/4 and 0/4: every resample's rate lies in [0, 50 %], and
        // at 1000 resamples both extremes (same utterance drawn twice) occur.
        assertThat(Xml.text(page, "//tr[@data-split='clean']/td[@class='wer-ci']"))
                .isEqualTo("0.00 \u2013 50.00");
        assertThat(Xml.text(page, "//tr[@data-split='other']/td[contains(@class,'failed')]"))
                .isEqualTo("1");
        assertThat(Xml.text(page, "//tr[@id='model-loads']/td")).isEqualTo("1");
        assertThat(Xml.text(page, "//tr[@id='rtfx']/td")).isEqualTo("20.0");
    }

    @Test
    void warningsComeFirstEscapedAndOnlyWhenThereAreAny() {
        List<UtteranceResult> utterances = sampleUtterances();
        String warning = "the baseline <file:/runs/a> changed:\n  summary.json: model sha256 is 00";
        ReportInput plain = ReportInput.complete(summaryOf(utterances), utterances, List.of());

        Document warned = Xml.parse(render(plain.withWarnings(List.of(warning))));
        Document quiet = Xml.parse(render(plain));

        assertThat(Xml.text(warned, "//section[@id='warnings']/ul/li")).isEqualTo(warning);
        // Above the numbers it qualifies: the first section of the page.
        assertThat(Xml.select(warned, "(//section)[1][@id='warnings']")).hasSize(1);
        assertThat(Xml.select(quiet, "//section[@id='warnings']")).isEmpty();
    }

    @Test
    void theNightlyVerdictFollowsTheWarningsAndOnlyOnANightlyRun() {
        List<UtteranceResult> utterances = sampleUtterances();
        ReportInput plain = ReportInput.complete(summaryOf(utterances), utterances, List.of());
        NightlyVerdict regressed =
                new NightlyVerdict(
                        List.of(
                                new SplitVerdict("clean", true, "clean REGRESSION: WER <up> 2 pts"),
                                new SplitVerdict("other", false, "other OK: WER +0.00 pts")),
                        false);

        Document nightly =
                Xml.parse(render(plain.withWarnings(List.of("a warning")).withVerdict(regressed)));
        Document accepted =
                Xml.parse(render(plain.withVerdict(new NightlyVerdict(regressed.splits(), true))));
        Document evaluate = Xml.parse(render(plain));

        assertThat(Xml.text(nightly, "//section[@id='verdict'][@class='regression']/h2"))
                .isEqualTo("Nightly check: REGRESSION in clean");
        assertThat(Xml.text(nightly, "//section[@id='verdict']/ul/li[@data-split='clean']"))
                .isEqualTo("clean REGRESSION: WER <up> 2 pts");
        assertThat(Xml.text(nightly, "//section[@id='verdict']/ul/li[@data-split='other']"))
                .isEqualTo("other OK: WER +0.00 pts");
        assertThat(Xml.select(nightly, "(//section)[2][@id='verdict']")).hasSize(1);
        assertThat(Xml.text(accepted, "//section[@id='verdict']/h2"))
                .isEqualTo("Nightly check: REGRESSION in clean (accepted as the new baseline)");
        assertThat(Xml.select(evaluate, "//section[@id='verdict']")).isEmpty();
    }

    @Test
    void everythingFromDataIsEscaped() {
        List<UtteranceResult> utterances =
                List.of(
                        Results.scored("<id>", "<split>", "<spk>", HOSTILE_REFERENCE, "<I> & B"),
                        Results.failed("x&y", "<split>", "<spk>", "<error> & \"quoted\""));
        RunSummary summary = summaryOf(utterances);
        String markup =
                render(
                        ReportInput.complete(
                                summary,
                                utterances,
                                List.of(new HistoryPoint("<t>", "<split>", 0.5))));
        Document page = Xml.parse(markup);

        assertThat(Xml.select(page, "//SCRIPT | //script | //I | //id | //spk | //error | //t"))
                .isEmpty();
        assertThat(markup).doesNotContain("<SCRIPT>", "<I>", "<error>", "<split>");
        assertThat(page.getDocumentElement().getTextContent())
                .contains("<SCRIPT>ALERT(1)</SCRIPT>", "<error> & \"quoted\"", "<id>");
    }

    @Test
    void pageIsSelfContained() {
        List<UtteranceResult> utterances = sampleUtterances();
        String markup =
                render(
                        ReportInput.complete(
                                summaryOf(utterances),
                                utterances,
                                List.of(new HistoryPoint("2026-01-01T00:00:00Z", "clean", 0.3))));

        assertThat(markup)
                .doesNotContain("http:", "https:", "src=", "<script", "@import", "url(", "<link");
    }

    @Test
    void historyDrawsOneChartPerSplitWithItsPointsInTimeOrder() {
        List<UtteranceResult> utterances = sampleUtterances();
        List<HistoryPoint> history =
                List.of(
                        new HistoryPoint("2026-01-02T00:00:00Z", "clean", 0.20),
                        new HistoryPoint("2026-01-01T00:00:00Z", "clean", 0.30),
                        new HistoryPoint("2026-01-01T00:00:00Z", "other", 0.40));
        Document page =
                Xml.parse(render(ReportInput.complete(summaryOf(utterances), utterances, history)));

        assertThat(Xml.select(page, "//figure[@data-split='clean']//circle/title"))
                .extracting(Element::getTextContent)
                .containsExactly("2026-01-01T00:00:00Z: 30.00%", "2026-01-02T00:00:00Z: 20.00%");
        assertThat(Xml.select(page, "//figure[@data-split='other']//circle")).hasSize(1);

        Document without =
                Xml.parse(
                        render(ReportInput.complete(summaryOf(utterances), utterances, List.of())));
        assertThat(Xml.select(without, "//section[@id='history']//svg")).isEmpty();
        assertThat(Xml.text(without, "//section[@id='history']/p")).contains("No history");
    }

    @Test
    void speakersWorstUtterancesAndConfusionsComeFromTheUtterances() {
        List<UtteranceResult> utterances = sampleUtterances();
        Document page =
                Xml.parse(
                        render(ReportInput.complete(summaryOf(utterances), utterances, List.of())));

        // Speakers: 1 (clean, 2/8), 3 (other, 1/1 from "Z"/"Y"), 2 (clean... none: see
        // sampleUtterances)
        assertThat(Xml.select(page, "//section[@id='speakers']//tbody/tr/td[@class='speaker']"))
                .extracting(Element::getTextContent)
                .containsExactly("3", "1");
        assertThat(Xml.select(page, "//section[@id='speakers']//rect")).hasSize(2);
        assertThat(Xml.select(page, "//li[@class='utterance']"))
                .extracting(e -> e.getAttribute("data-id"))
                .containsExactly("c1", "o1");
        assertThat(Xml.select(page, "//table[caption='Substitutions']/tbody/tr/td[@class='ref']"))
                .extracting(Element::getTextContent)
                .containsExactly("B", "Z");
        assertThat(Xml.text(page, "//table[caption='Deleted words']/tbody/tr/td[@class='word']"))
                .isEqualTo("D");
        assertThat(Xml.select(page, "//section[@id='failures']//td[@class='error']"))
                .extracting(Element::getTextContent)
                .containsExactly("decoder said no");
    }

    @Test
    void aCaseFoldedRunAlignsAndCountsTheWordsAsTheyWereScored() {
        // A lower-case model, scored case-folded: only "x" for "b" is an error.
        UtteranceResult lowerCase =
                Results.scored("c1", "clean", "1", "A B C", "a x c", CaseFolding.UPPER);
        List<UtteranceResult> utterances = List.of(lowerCase);
        RunSummary asWritten = summaryOf(utterances);
        RunSummary.RunInfo run = asWritten.run();
        RunSummary folded =
                new RunSummary(
                        asWritten.splits(),
                        asWritten.model(),
                        run.withCaseFolding(CaseFolding.UPPER),
                        asWritten.failures());

        Document page = Xml.parse(render(ReportInput.complete(folded, utterances, List.of())));

        assertThat(Xml.text(page, "//dl[@class='facts']")).contains("case folded");
        assertThat(Xml.select(page, "//li[@class='utterance']//span[starts-with(@class, 'col ')]"))
                .extracting(e -> e.getAttribute("class"))
                .containsExactly("col head", "col eq", "col sub", "col eq");
        assertThat(Xml.select(page, "//table[caption='Substitutions']/tbody/tr/td"))
                .extracting(Element::getTextContent)
                .containsExactly("B", "X", "1");
        Document unfolded =
                Xml.parse(render(ReportInput.complete(asWritten, utterances, List.of())));
        assertThat(Xml.text(unfolded, "//dl[@class='facts']")).doesNotContain("case folded");
    }

    @Test
    void aSampledReportSaysSo() {
        List<UtteranceResult> utterances = sampleUtterances();
        ReportInput input =
                new ReportInput(summaryOf(utterances), utterances.subList(0, 2), 4, List.of());

        Document page = Xml.parse(render(input));

        assertThat(Xml.text(page, "//p[@id='sample-note']"))
                .contains("a sample of 2 of the run")
                .contains(" 4 utterances");
        Document complete =
                Xml.parse(
                        render(ReportInput.complete(summaryOf(utterances), utterances, List.of())));
        assertThat(Xml.select(complete, "//p[@id='sample-note']")).isEmpty();
    }

    @Test
    void aFailureListCutShortSaysWhereTheRestAre() {
        List<UtteranceResult> utterances = new ArrayList<>();
        for (int i = 0; i < RunSummary.MAX_LISTED_FAILURES + 5; i++) {
            utterances.add(Results.failed("f" + i, "clean", "1", "unreadable"));
        }
        RunSummary all = summaryOf(utterances);
        RunSummary listed =
                new RunSummary(
                        all.splits(),
                        all.model(),
                        all.run(),
                        all.failures().subList(0, RunSummary.MAX_LISTED_FAILURES));

        Document cut = Xml.parse(render(ReportInput.complete(listed, utterances, List.of())));
        Document whole = Xml.parse(render(ReportInput.complete(all, utterances, List.of())));

        assertThat(Xml.select(cut, "//section[@id='failures']//tbody/tr"))
                .hasSize(RunSummary.MAX_LISTED_FAILURES);
        assertThat(Xml.text(cut, "//p[@id='failures-more']"))
                .isEqualTo(
                        "The first "
                                + RunSummary.MAX_LISTED_FAILURES
                                + " are listed; the status column of the utterance results has all "
                                + (RunSummary.MAX_LISTED_FAILURES + 5)
                                + ".");
        assertThat(Xml.select(whole, "//p[@id='failures-more']")).isEmpty();
    }

    /** The page as the jobs write it: computed, then rendered. */
    private static String render(ReportInput input) {
        return HtmlReport.render(ReportContentsCalculator.calculate(input));
    }

    private static List<UtteranceResult> sampleUtterances() {
        return List.of(
                Results.scored("c1", "clean", "1", "A B C D", "A X C"),
                Results.scored("c2", "clean", "1", "E F G H", "E F G H"),
                Results.scored("o1", "other", "3", "Z", "Y"),
                Results.failed("o2", "other", "3", "decoder said no"));
    }

    /** What SummaryCollector would compute, summed here independently per split. */
    static RunSummary summaryOf(List<UtteranceResult> utterances) {
        Map<String, SplitSummary> splits = new TreeMap<>();
        for (UtteranceResult r : utterances) {
            SplitSummary one =
                    new SplitSummary(
                            r.split(),
                            1,
                            r.isOk() ? 0 : 1,
                            r.durationSeconds(),
                            r.words(),
                            r.characters());
            splits.merge(r.split(), one, SplitSummary::plus);
        }
        List<RunSummary.FailedUtterance> failures =
                utterances.stream()
                        .filter(r -> !r.isOk())
                        .map(r -> new RunSummary.FailedUtterance(r.split(), r.id(), r.error()))
                        .toList();
        // 7.5 s of scored audio in 0.375 s of wall time: 20x real time.
        return new RunSummary(
                splits,
                new RunSummary.ModelInfo("test/model", "file:/m", "00".repeat(32), "float32"),
                new RunSummary.RunInfo(
                        "2026-01-03T00:00:00Z", "local[2]", 7.5, 0.375, 1, 1, 2, 0.9, 0),
                failures);
    }

    @Test
    void summaryHelperMatchesHandCounts() {
        RunSummary summary = summaryOf(sampleUtterances());

        assertThat(summary.splits().get("clean").words()).isEqualTo(new EditCounts(6, 1, 1, 0));
    }
}
