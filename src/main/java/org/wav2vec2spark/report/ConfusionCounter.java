package org.wav2vec2spark.report;

import org.wav2vec2spark.metrics.Alignment;
import org.wav2vec2spark.metrics.AlignmentChunk;
import org.wav2vec2spark.metrics.EditAligner;
import org.wav2vec2spark.metrics.EditOperation;
import org.wav2vec2spark.metrics.TextTransforms;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts word errors over many utterances: which reference word was substituted by which hypothesis
 * word, which words were deleted and which inserted. Substitution pairs are read position by
 * position from the SUBSTITUTE runs of the minimal alignment ({@link EditAligner}), so where
 * several alignments are minimal the pairs follow its tie-breaking. Not thread-safe.
 */
final class ConfusionCounter {

    private final Map<List<String>, Long> substitutions = new HashMap<>();
    private final Map<String, Long> deletions = new HashMap<>();
    private final Map<String, Long> insertions = new HashMap<>();
    private long skipped;

    /**
     * Aligns one utterance (tokenised as WER tokenises it) and counts its errors. Utterances too
     * long to align are counted in {@link #skipped()} instead.
     *
     * @param reference reference text ({@code null} is empty)
     * @param hypothesis hypothesis text ({@code null} is empty)
     */
    void add(String reference, String hypothesis) {
        List<String> ref = TextTransforms.WER_DEFAULT.apply(reference == null ? "" : reference);
        List<String> hyp = TextTransforms.WER_DEFAULT.apply(hypothesis == null ? "" : hypothesis);
        EditAligner.alignWithinLimit(ref, hyp)
                .ifPresentOrElse(alignment -> add(ref, hyp, alignment), () -> skipped++);
    }

    /**
     * Counts the errors of an alignment already computed.
     *
     * @param ref reference tokens
     * @param hyp hypothesis tokens
     * @param alignment their alignment
     */
    void add(List<String> ref, List<String> hyp, Alignment alignment) {
        for (AlignmentChunk chunk : alignment.chunks()) {
            if (chunk.operation() == EditOperation.SUBSTITUTE) {
                for (int k = 0; k < chunk.length(); k++) {
                    List<String> pair =
                            List.of(ref.get(chunk.refStart() + k), hyp.get(chunk.hypStart() + k));
                    substitutions.merge(pair, 1L, Long::sum);
                }
            } else if (chunk.operation() == EditOperation.DELETE) {
                for (int i = chunk.refStart(); i < chunk.refEnd(); i++) {
                    deletions.merge(ref.get(i), 1L, Long::sum);
                }
            } else if (chunk.operation() == EditOperation.INSERT) {
                for (int j = chunk.hypStart(); j < chunk.hypEnd(); j++) {
                    insertions.merge(hyp.get(j), 1L, Long::sum);
                }
            }
        }
    }

    /** The {@code limit} most frequent substitution pairs, most frequent first, ties by words. */
    List<WordConfusion> topSubstitutions(int limit) {
        return substitutions.entrySet().stream()
                .map(e -> new WordConfusion(e.getKey().get(0), e.getKey().get(1), e.getValue()))
                .sorted(
                        Comparator.comparingLong(WordConfusion::count)
                                .reversed()
                                .thenComparing(WordConfusion::reference)
                                .thenComparing(WordConfusion::hypothesis))
                .limit(limit)
                .toList();
    }

    /** The {@code limit} most often deleted reference words, most frequent first. */
    List<WordCount> topDeletions(int limit) {
        return top(deletions, limit);
    }

    /** The {@code limit} most often inserted hypothesis words, most frequent first. */
    List<WordCount> topInsertions(int limit) {
        return top(insertions, limit);
    }

    /** Utterances that were too long to align and so are not counted. */
    long skipped() {
        return skipped;
    }

    private static List<WordCount> top(Map<String, Long> counts, int limit) {
        return counts.entrySet().stream()
                .map(e -> new WordCount(e.getKey(), e.getValue()))
                .sorted(
                        Comparator.comparingLong(WordCount::count)
                                .reversed()
                                .thenComparing(WordCount::word))
                .limit(limit)
                .toList();
    }
}
