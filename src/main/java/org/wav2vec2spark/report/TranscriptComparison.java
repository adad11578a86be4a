package org.wav2vec2spark.report;

import org.wav2vec2spark.metrics.CaseFolding;
import org.wav2vec2spark.metrics.EditCounts;
import org.wav2vec2spark.metrics.UtteranceScore;
import org.wav2vec2spark.metrics.UtteranceScorer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Two transcript files scored against each other, as Kaldi's {@code compute-wer} does, but with the
 * project's scorer (jiwer's word and character tokenisation) and with the ids found in only one
 * file listed.
 *
 * <p>Like {@code compute-wer}, the reference file drives: every reference utterance is looked up in
 * the hypotheses, and the {@link ScoringMode} says what a missing one means. Hypothesis ids with no
 * reference cannot be scored; {@code compute-wer} passes over them in silence, here they are listed
 * in {@link #hypothesisOnly()}.
 *
 * @param mode how missing hypotheses were treated
 * @param utterances every reference utterance, in reference-file order
 * @param referenceOnly reference ids missing from the hypotheses
 * @param hypothesisOnly hypothesis ids missing from the references, in hypothesis-file order
 */
public record TranscriptComparison(
        ScoringMode mode,
        List<ScoredTranscript> utterances,
        List<String> referenceOnly,
        List<String> hypothesisOnly) {

    /**
     * Scores every reference utterance.
     *
     * @param references id to reference text
     * @param hypotheses id to hypothesis text
     * @param mode what a missing hypothesis means
     * @throws IllegalArgumentException in {@link ScoringMode#STRICT} when a hypothesis is missing,
     *     naming the first missing ids, and in {@link ScoringMode#PRESENT} when none is present,
     *     which leaves nothing to score
     */
    public static TranscriptComparison score(
            Map<String, String> references, Map<String, String> hypotheses, ScoringMode mode) {
        return score(references, hypotheses, mode, CaseFolding.NONE);
    }

    /**
     * Scores every reference utterance after folding the case of both transcripts.
     *
     * @param references id to reference text
     * @param hypotheses id to hypothesis text
     * @param mode what a missing hypothesis means
     * @param caseFolding applied to reference and hypothesis before scoring; the utterances keep
     *     the texts as given
     * @throws IllegalArgumentException in {@link ScoringMode#STRICT} when a hypothesis is missing,
     *     naming the first missing ids, and in {@link ScoringMode#PRESENT} when none is present,
     *     which leaves nothing to score
     */
    public static TranscriptComparison score(
            Map<String, String> references,
            Map<String, String> hypotheses,
            ScoringMode mode,
            CaseFolding caseFolding) {
        List<ScoredTranscript> scored = new ArrayList<>(references.size());
        List<String> referenceOnly = new ArrayList<>();
        for (Map.Entry<String, String> entry : references.entrySet()) {
            String id = entry.getKey();
            String hypothesis = hypotheses.get(id);
            if (hypothesis == null) {
                referenceOnly.add(id);
            }
            boolean counted = hypothesis != null || mode == ScoringMode.ALL;
            UtteranceScore score =
                    counted
                            ? UtteranceScorer.score(
                                    entry.getValue(),
                                    hypothesis == null ? "" : hypothesis,
                                    caseFolding)
                            : UtteranceScore.ZERO;
            scored.add(new ScoredTranscript(id, entry.getValue(), hypothesis, score, counted));
        }
        if (mode == ScoringMode.STRICT && !referenceOnly.isEmpty()) {
            throw new IllegalArgumentException(
                    referenceOnly.size()
                            + " reference utterance(s) have no hypothesis and --mode is strict: "
                            + abbreviatedList(referenceOnly));
        }
        List<String> hypothesisOnly =
                hypotheses.keySet().stream().filter(id -> !references.containsKey(id)).toList();
        if (mode == ScoringMode.PRESENT
                && !references.isEmpty()
                && referenceOnly.size() == references.size()) {
            // compute-wer prints a WER of nan and exits 0: a script that checks the exit status
            // would pass a hypothesis file of the wrong utterances.
            throw new IllegalArgumentException(
                    "--mode present scores the ids found in both files, and none of the "
                            + references.size()
                            + " reference ids has a hypothesis (reference ids: "
                            + abbreviatedList(referenceOnly)
                            + "; hypothesis ids: "
                            + abbreviatedList(hypothesisOnly)
                            + "): are the two files of the same utterances?");
        }
        return new TranscriptComparison(
                mode, List.copyOf(scored), List.copyOf(referenceOnly), hypothesisOnly);
    }

    /** Summed word counts of the scored utterances. */
    public EditCounts words() {
        return total().words();
    }

    /** Summed character counts of the scored utterances. */
    public EditCounts characters() {
        return total().chars();
    }

    /** Utterances in the counts ({@code compute-wer}'s "Scored N sentences"). */
    public long scoredSentences() {
        return utterances.stream().filter(ScoredTranscript::scored).count();
    }

    /** Scored utterances with at least one word error. */
    public long sentenceErrors() {
        return utterances.stream()
                .filter(u -> u.scored() && u.score().words().errors() > 0)
                .count();
    }

    /**
     * The three lines {@code compute-wer} prints, in its format: {@code %WER}, with {@code
     * [PARTIAL]} when a hypothesis was missing, {@code %SER} and the sentence count.
     */
    public List<String> computeWerLines() {
        String partial = referenceOnly.isEmpty() ? "" : " [PARTIAL]";
        long sentences = scoredSentences();
        long errors = sentenceErrors();
        return List.of(
                ComputeWerTable.line("WER", words()) + partial,
                String.format(
                        Locale.ROOT,
                        "%%SER %s [ %d / %d ]",
                        ComputeWerTable.percent(errors, Math.max(1, sentences)),
                        errors,
                        sentences),
                String.format(
                        Locale.ROOT,
                        "Scored %d sentences, %d not present in hyp.",
                        sentences,
                        referenceOnly.size()));
    }

    /** The ids as a short list for messages: the first ten, then how many more. */
    public static String abbreviatedList(List<String> ids) {
        int shown = Math.min(10, ids.size());
        String list = String.join(" ", ids.subList(0, shown));
        return ids.size() > shown ? list + " ... (" + (ids.size() - shown) + " more)" : list;
    }

    private UtteranceScore total() {
        return utterances.stream()
                .filter(ScoredTranscript::scored)
                .map(ScoredTranscript::score)
                .reduce(UtteranceScore.ZERO, UtteranceScore::plus);
    }
}
