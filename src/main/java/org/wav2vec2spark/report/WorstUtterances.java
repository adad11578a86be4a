package org.wav2vec2spark.report;

import org.wav2vec2spark.metrics.ErrorRates;

import java.util.Comparator;
import java.util.List;

/** Picks the utterances with the most word errors, the ones worth reading first. */
final class WorstUtterances {

    private WorstUtterances() {}

    /**
     * The scored utterances with at least one word error: most errors first, then highest WER, then
     * by split and id so that the choice is the same on every run.
     *
     * @param results per-utterance results; failed ones are left out
     * @param limit how many to return at most
     */
    static List<UtteranceResult> select(List<UtteranceResult> results, int limit) {
        return results.stream()
                .filter(UtteranceResult::isOk)
                .filter(r -> r.words().errors() > 0)
                .sorted(
                        Comparator.comparingLong((UtteranceResult r) -> r.words().errors())
                                .reversed()
                                .thenComparing(
                                        Comparator.comparingDouble(
                                                        (UtteranceResult r) ->
                                                                ErrorRates.wer(r.words()))
                                                .reversed())
                                .thenComparing(UtteranceResult::split)
                                .thenComparing(UtteranceResult::id))
                .limit(limit)
                .toList();
    }
}
