package org.wav2vec2spark.report;

import org.wav2vec2spark.metrics.ConfidenceInterval;
import org.wav2vec2spark.metrics.ErrorRates;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the HTML report shows, already computed: {@link ReportContentsCalculator} makes it
 * from a {@link ReportInput} and {@link HtmlReport} only lays it out, so that every figure on the
 * page can be checked without parsing HTML.
 *
 * @param summary the run's summary, as written to {@code summary.json}: run facts, throughput,
 *     failures and the per-split counts and rates (the page and the JSON share them)
 * @param warnings shown at the top of the page; may be empty
 * @param verdict the nightly check's verdict; {@link NightlyVerdict#NOT_CHECKED} for an evaluate
 *     job's report
 * @param utterancesAnalysed how many utterances the per-utterance figures (intervals, speakers,
 *     worst utterances, word errors) were computed from
 * @param utterancesInRun how many utterances the run has in all
 * @param intervals how the confidence intervals were computed
 * @param splits one row per split of {@code summary}, in its order, with its intervals
 * @param history WER over time, one entry per split in split-name order; may be empty
 * @param speakers word error totals per split and speaker, highest WER first
 * @param worst the utterances with the most word errors, worst first
 * @param wordErrors the most frequent substitutions, deletions and insertions
 */
public record ReportContents(
        RunSummary summary,
        List<String> warnings,
        NightlyVerdict verdict,
        long utterancesAnalysed,
        long utterancesInRun,
        IntervalSettings intervals,
        List<SplitRow> splits,
        List<SplitHistory> history,
        List<SpeakerSummary> speakers,
        List<WorstUtterance> worst,
        WordErrors wordErrors) {

    /** Copies the lists and checks that nothing is missing. */
    public ReportContents {
        Objects.requireNonNull(summary, "summary");
        warnings = List.copyOf(warnings);
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(intervals, "intervals");
        splits = List.copyOf(splits);
        history = List.copyOf(history);
        speakers = List.copyOf(speakers);
        worst = List.copyOf(worst);
        Objects.requireNonNull(wordErrors, "wordErrors");
    }

    /** Whether the per-utterance figures come from a sample of the run. */
    public boolean sampled() {
        return utterancesAnalysed < utterancesInRun;
    }

    /**
     * How the percentile bootstrap intervals are computed.
     *
     * @param replicates resamples per interval
     * @param seed random seed, fixed so that the same run always gives the same intervals
     * @param level coverage of the intervals, e.g. 0.95
     */
    public record IntervalSettings(int replicates, long seed, double level) {}

    /**
     * One split's row of the error-rate table.
     *
     * @param split the split's totals from the run's summary
     * @param werInterval bootstrap interval of its WER; empty when no utterance of it was scored
     * @param cerInterval bootstrap interval of its CER; empty when no utterance of it was scored
     */
    public record SplitRow(
            SplitSummary split,
            Optional<ConfidenceInterval> werInterval,
            Optional<ConfidenceInterval> cerInterval) {}

    /**
     * The WER of one split over earlier runs.
     *
     * @param split split name
     * @param points its history, oldest run first
     */
    public record SplitHistory(String split, List<HistoryPoint> points) {

        /** Copies the points. */
        public SplitHistory {
            points = List.copyOf(points);
        }
    }

    /**
     * One of the worst utterances, with its transcripts as they were scored.
     *
     * @param result the utterance's result
     * @param reference its reference with the run's case folding applied
     * @param hypothesis its hypothesis with the run's case folding applied
     */
    public record WorstUtterance(UtteranceResult result, String reference, String hypothesis) {

        /** The utterance's word error rate, from its edit counts. */
        public double wer() {
            return ErrorRates.wer(result.words());
        }
    }

    /**
     * The most frequent word errors over the scored utterances, counted as they were scored.
     *
     * @param substitutions most frequent substitution pairs, most frequent first
     * @param deletions most often deleted reference words, most frequent first
     * @param insertions most often inserted hypothesis words, most frequent first
     * @param unaligned utterances too long to align, which are not counted
     */
    public record WordErrors(
            List<WordConfusion> substitutions,
            List<WordCount> deletions,
            List<WordCount> insertions,
            long unaligned) {

        /** Copies the lists. */
        public WordErrors {
            substitutions = List.copyOf(substitutions);
            deletions = List.copyOf(deletions);
            insertions = List.copyOf(insertions);
        }
    }
}
