package org.wav2vec2spark.report;

import java.util.List;
import java.util.Objects;

/**
 * What the HTML report is made from.
 *
 * @param summary the run's summary, as written to {@code summary.json}
 * @param utterances per-utterance results the per-utterance sections use: all of the run's, or a
 *     sample when the run was too large to collect (then {@code utterancesInRun} is larger)
 * @param utterancesInRun how many utterances the run has in all
 * @param history earlier WER per split and run time, for the WER-over-time charts; may be empty
 * @param warnings what a reader must know before trusting the page (the nightly job's: its baseline
 *     was not what the history recorded), shown at its top; may be empty
 * @param verdict the nightly check's verdict, shown below the warnings; {@link
 *     NightlyVerdict#NOT_CHECKED} for an evaluate job's report
 */
public record ReportInput(
        RunSummary summary,
        List<UtteranceResult> utterances,
        long utterancesInRun,
        List<HistoryPoint> history,
        List<String> warnings,
        NightlyVerdict verdict) {

    /** Copies the lists and checks that the sample is not larger than the run. */
    public ReportInput {
        Objects.requireNonNull(summary, "summary");
        utterances = List.copyOf(utterances);
        history = List.copyOf(history);
        warnings = List.copyOf(warnings);
        Objects.requireNonNull(verdict, "verdict");
        if (utterances.size() > utterancesInRun) {
            throw new IllegalArgumentException(
                    "Report has "
                            + utterances.size()
                            + " utterances but the run only "
                            + utterancesInRun);
        }
    }

    /** A report without warnings or a nightly verdict. */
    public ReportInput(
            RunSummary summary,
            List<UtteranceResult> utterances,
            long utterancesInRun,
            List<HistoryPoint> history) {
        this(summary, utterances, utterancesInRun, history, List.of(), NightlyVerdict.NOT_CHECKED);
    }

    /** A report over all of a run's utterances, without warnings or a nightly verdict. */
    public static ReportInput complete(
            RunSummary summary, List<UtteranceResult> utterances, List<HistoryPoint> history) {
        return new ReportInput(summary, utterances, utterances.size(), history);
    }

    /** The same report with these warnings at its top. */
    public ReportInput withWarnings(List<String> newWarnings) {
        return new ReportInput(summary, utterances, utterancesInRun, history, newWarnings, verdict);
    }

    /** The same report with the nightly check's verdict. */
    public ReportInput withVerdict(NightlyVerdict newVerdict) {
        return new ReportInput(summary, utterances, utterancesInRun, history, warnings, newVerdict);
    }

    /** Whether the per-utterance sections see only a sample of the run. */
    public boolean sampled() {
        return utterances.size() < utterancesInRun;
    }
}
