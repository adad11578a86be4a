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
 */
public record ReportInput(
        RunSummary summary,
        List<UtteranceResult> utterances,
        long utterancesInRun,
        List<HistoryPoint> history) {

    /** Copies the lists and checks that the sample is not larger than the run. */
    public ReportInput {
        Objects.requireNonNull(summary, "summary");
        utterances = List.copyOf(utterances);
        history = List.copyOf(history);
        if (utterances.size() > utterancesInRun) {
            throw new IllegalArgumentException(
                    "Report has "
                            + utterances.size()
                            + " utterances but the run only "
                            + utterancesInRun);
        }
    }

    /** A report over all of a run's utterances. */
    public static ReportInput complete(
            RunSummary summary, List<UtteranceResult> utterances, List<HistoryPoint> history) {
        return new ReportInput(summary, utterances, utterances.size(), history);
    }

    /** Whether the per-utterance sections see only a sample of the run. */
    public boolean sampled() {
        return utterances.size() < utterancesInRun;
    }
}
