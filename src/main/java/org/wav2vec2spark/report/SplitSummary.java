package org.wav2vec2spark.report;

import org.wav2vec2spark.metrics.EditCounts;
import org.wav2vec2spark.metrics.ErrorRates;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Corpus totals of one split. Rates are computed from the summed counts, never averaged over
 * utterances.
 *
 * @param split split name
 * @param utterances all utterances of the split, failed ones included
 * @param failed utterances that could not be scored (they are not in the counts)
 * @param audioSeconds audio duration of the scored utterances
 * @param words summed word edit counts
 * @param characters summed character edit counts
 */
public record SplitSummary(
        String split,
        long utterances,
        long failed,
        double audioSeconds,
        EditCounts words,
        EditCounts characters)
        implements Serializable {

    /** Utterances scored, the ones whose counts the totals hold. */
    public long scored() {
        return utterances - failed;
    }

    /**
     * Word error rate as a fraction, as jiwer's corpus {@code wer} computes it over the scored
     * utterances ({@link ErrorRates#wer}: a split whose references are all empty, a silence test,
     * gets its insertion count); NaN when no utterance was scored (every one failed), so that a
     * broken run never reads as a perfect one.
     */
    public double wer() {
        return scored() == 0 ? Double.NaN : ErrorRates.wer(words);
    }

    /** Character error rate as a fraction, by the rule of {@link #wer}. */
    public double cer() {
        return scored() == 0 ? Double.NaN : ErrorRates.cer(characters);
    }

    /**
     * The splits whose counts (utterances, failures, word and character edits) differ between two
     * summaries of one run, or that only one has: what a run that lost files or was edited shows.
     *
     * @return their names, sorted
     */
    public static List<String> withOtherCounts(
            Map<String, SplitSummary> one, Map<String, SplitSummary> other) {
        Set<String> names = new TreeSet<>(one.keySet());
        names.addAll(other.keySet());
        return names.stream()
                .filter(
                        name -> {
                            SplitSummary a = one.get(name);
                            SplitSummary b = other.get(name);
                            return a == null || b == null || !a.sameCounts(b);
                        })
                .toList();
    }

    private boolean sameCounts(SplitSummary other) {
        return utterances == other.utterances
                && failed == other.failed
                && words.equals(other.words)
                && characters.equals(other.characters);
    }

    /** The totals of this split and another part of the same split. */
    public SplitSummary plus(SplitSummary other) {
        return new SplitSummary(
                split,
                utterances + other.utterances,
                failed + other.failed,
                audioSeconds + other.audioSeconds,
                words.plus(other.words),
                characters.plus(other.characters));
    }
}
