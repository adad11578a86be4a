package org.wav2vec2spark.report;

import org.wav2vec2spark.metrics.EditCounts;
import org.wav2vec2spark.metrics.ErrorRates;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Word error totals of one speaker in one split (LibriSpeech speakers do not cross splits, but
 * other corpora may reuse an id, so the split is part of the key).
 *
 * @param split split name
 * @param speaker speaker id
 * @param utterances scored utterances of the speaker
 * @param words summed word edit counts
 */
public record SpeakerSummary(String split, String speaker, long utterances, EditCounts words) {

    /** Word error rate from the summed counts, as {@link ErrorRates#wer} defines it. */
    public double wer() {
        return ErrorRates.wer(words);
    }

    /**
     * Sums the scored utterances per split and speaker.
     *
     * @param results per-utterance results; failed ones are left out
     * @return one entry per split and speaker, highest WER first, then by split and speaker
     */
    public static List<SpeakerSummary> of(List<UtteranceResult> results) {
        Map<List<String>, SpeakerSummary> sums = new LinkedHashMap<>();
        for (UtteranceResult r : results) {
            if (!r.isOk()) {
                continue;
            }
            sums.merge(
                    List.of(r.split(), r.speaker()),
                    new SpeakerSummary(r.split(), r.speaker(), 1, r.words()),
                    (a, b) ->
                            new SpeakerSummary(
                                    a.split,
                                    a.speaker,
                                    a.utterances + b.utterances,
                                    a.words.plus(b.words)));
        }
        List<SpeakerSummary> list = new ArrayList<>(sums.values());
        list.sort(
                Comparator.comparingDouble(SpeakerSummary::wer)
                        .reversed()
                        .thenComparing(SpeakerSummary::split)
                        .thenComparing(SpeakerSummary::speaker));
        return list;
    }
}
