package org.wav2vec2spark.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Minimum edit distance (Levenshtein, unit costs) between a reference and a hypothesis token list:
 * the algorithm jiwer delegates to rapidfuzz.
 *
 * <p>The distance, and so {@code substitutions + deletions + insertions} and every WER and CER, is
 * the same for every minimal alignment. How it splits into S, D and I (and so the hits) is not:
 * {@code "A B"} against {@code "B C"} is two substitutions or one deletion and one insertion at the
 * same cost. Here ties are broken when each cell of the dynamic programme is filled: the diagonal
 * step (hit or substitution) is preferred, then a deletion, then an insertion. rapidfuzz backtraces
 * its own way, so on such ties jiwer's S/D/I may differ from ours while its WER does not.
 *
 * <p>{@link #count} needs memory linear in the hypothesis length and handles any input; {@link
 * #align} keeps one byte per cell to recover the path and refuses inputs above {@link
 * #MAX_ALIGNMENT_CELLS} cells. Both follow the same tie-breaking, so their counts agree.
 */
public final class EditAligner {

    /**
     * The most dynamic-programming cells, {@code (referenceLength + 1) * (hypothesisLength + 1)},
     * that {@link #align} will keep (one byte each): 50 million, e.g. 7 000 by 7 000 tokens.
     */
    public static final long MAX_ALIGNMENT_CELLS = 50_000_000L;

    private static final byte DIAGONAL = 0;
    private static final byte DELETION = 1;
    private static final byte INSERTION = 2;

    private EditAligner() {}

    /**
     * Whether {@link #align} takes sequences of these lengths: at most {@link #MAX_ALIGNMENT_CELLS}
     * cells.
     *
     * @param referenceLength reference tokens
     * @param hypothesisLength hypothesis tokens
     * @return true when they can be aligned
     */
    public static boolean canAlign(int referenceLength, int hypothesisLength) {
        return (long) (referenceLength + 1) * (hypothesisLength + 1) <= MAX_ALIGNMENT_CELLS;
    }

    /**
     * Counts hits, substitutions, deletions and insertions of a minimal alignment without keeping
     * the alignment.
     *
     * @param reference reference tokens (words or characters)
     * @param hypothesis hypothesis tokens
     * @return the counts; {@code errors()} is the Levenshtein distance
     */
    public static EditCounts count(List<String> reference, List<String> hypothesis) {
        int[][] ids = internTokens(reference, hypothesis);
        int[] ref = ids[0];
        int[] hyp = ids[1];
        int m = hyp.length;
        // Per cell: cost, and the substitutions and deletions on the chosen path to it. Hits and
        // insertions follow: every path to (i, j) covers i reference tokens and costs `cost`.
        int[] previousCost = new int[m + 1];
        int[] previousSubs = new int[m + 1];
        int[] previousDels = new int[m + 1];
        int[] cost = new int[m + 1];
        int[] subs = new int[m + 1];
        int[] dels = new int[m + 1];
        for (int j = 0; j <= m; j++) {
            previousCost[j] = j;
        }
        for (int i = 1; i <= ref.length; i++) {
            cost[0] = i;
            subs[0] = 0;
            dels[0] = i;
            for (int j = 1; j <= m; j++) {
                int mismatch = ref[i - 1] == hyp[j - 1] ? 0 : 1;
                byte step =
                        choose(
                                previousCost[j - 1] + mismatch,
                                previousCost[j] + 1,
                                cost[j - 1] + 1);
                switch (step) {
                    case DIAGONAL -> {
                        cost[j] = previousCost[j - 1] + mismatch;
                        subs[j] = previousSubs[j - 1] + mismatch;
                        dels[j] = previousDels[j - 1];
                    }
                    case DELETION -> {
                        cost[j] = previousCost[j] + 1;
                        subs[j] = previousSubs[j];
                        dels[j] = previousDels[j] + 1;
                    }
                    default -> {
                        cost[j] = cost[j - 1] + 1;
                        subs[j] = subs[j - 1];
                        dels[j] = dels[j - 1];
                    }
                }
            }
            int[] swap = previousCost;
            previousCost = cost;
            cost = swap;
            swap = previousSubs;
            previousSubs = subs;
            subs = swap;
            swap = previousDels;
            previousDels = dels;
            dels = swap;
        }
        long s = previousSubs[m];
        long d = previousDels[m];
        long total = previousCost[m];
        return new EditCounts(ref.length - s - d, s, d, total - s - d);
    }

    /**
     * Aligns the hypothesis to the reference with minimal edits.
     *
     * @param reference reference tokens (words or characters)
     * @param hypothesis hypothesis tokens
     * @return the runs of operations and their counts
     * @throws IllegalArgumentException if the inputs need more than {@link #MAX_ALIGNMENT_CELLS}
     *     cells; {@link #count} handles them
     */
    public static Alignment align(List<String> reference, List<String> hypothesis) {
        int[][] ids = internTokens(reference, hypothesis);
        int[] ref = ids[0];
        int[] hyp = ids[1];
        int n = ref.length;
        int m = hyp.length;
        if (!canAlign(n, m)) {
            throw new IllegalArgumentException(
                    "Aligning "
                            + n
                            + " reference and "
                            + m
                            + " hypothesis tokens needs "
                            + (long) (n + 1) * (m + 1)
                            + " cells but an alignment may use at most "
                            + MAX_ALIGNMENT_CELLS
                            + "; use EditAligner.count for the counts alone");
        }
        byte[] steps = fillSteps(ref, hyp);
        List<EditOperation> operations = backtrace(steps, ref, hyp);
        return toAlignment(operations);
    }

    private static byte[] fillSteps(int[] ref, int[] hyp) {
        int n = ref.length;
        int m = hyp.length;
        int width = m + 1;
        byte[] steps = new byte[(n + 1) * width];
        int[] previousCost = new int[width];
        int[] cost = new int[width];
        for (int j = 0; j <= m; j++) {
            previousCost[j] = j;
            steps[j] = INSERTION;
        }
        for (int i = 1; i <= n; i++) {
            cost[0] = i;
            steps[i * width] = DELETION;
            for (int j = 1; j <= m; j++) {
                int diagonal = previousCost[j - 1] + (ref[i - 1] == hyp[j - 1] ? 0 : 1);
                int deletion = previousCost[j] + 1;
                int insertion = cost[j - 1] + 1;
                byte step = choose(diagonal, deletion, insertion);
                steps[i * width + j] = step;
                cost[j] = step == DIAGONAL ? diagonal : step == DELETION ? deletion : insertion;
            }
            int[] swap = previousCost;
            previousCost = cost;
            cost = swap;
        }
        return steps;
    }

    // The single tie-breaking rule of this class; see the class comment.
    private static byte choose(int diagonal, int deletion, int insertion) {
        if (diagonal <= deletion && diagonal <= insertion) {
            return DIAGONAL;
        }
        return deletion <= insertion ? DELETION : INSERTION;
    }

    private static List<EditOperation> backtrace(byte[] steps, int[] ref, int[] hyp) {
        int width = hyp.length + 1;
        List<EditOperation> operations = new ArrayList<>(ref.length + hyp.length);
        int i = ref.length;
        int j = hyp.length;
        while (i > 0 || j > 0) {
            switch (steps[i * width + j]) {
                case DIAGONAL -> {
                    operations.add(
                            ref[i - 1] == hyp[j - 1]
                                    ? EditOperation.EQUAL
                                    : EditOperation.SUBSTITUTE);
                    i--;
                    j--;
                }
                case DELETION -> {
                    operations.add(EditOperation.DELETE);
                    i--;
                }
                default -> {
                    operations.add(EditOperation.INSERT);
                    j--;
                }
            }
        }
        Collections.reverse(operations);
        return operations;
    }

    private static Alignment toAlignment(List<EditOperation> operations) {
        List<AlignmentChunk> chunks = new ArrayList<>();
        long[] totals = new long[EditOperation.values().length];
        int i = 0;
        int j = 0;
        int start = 0;
        while (start < operations.size()) {
            EditOperation operation = operations.get(start);
            int end = start;
            while (end < operations.size() && operations.get(end) == operation) {
                end++;
            }
            int run = end - start;
            int refRun = operation == EditOperation.INSERT ? 0 : run;
            int hypRun = operation == EditOperation.DELETE ? 0 : run;
            chunks.add(new AlignmentChunk(operation, i, i + refRun, j, j + hypRun));
            totals[operation.ordinal()] += run;
            i += refRun;
            j += hypRun;
            start = end;
        }
        EditCounts counts =
                new EditCounts(
                        totals[EditOperation.EQUAL.ordinal()],
                        totals[EditOperation.SUBSTITUTE.ordinal()],
                        totals[EditOperation.DELETE.ordinal()],
                        totals[EditOperation.INSERT.ordinal()]);
        return new Alignment(chunks, counts);
    }

    // Comparing ints rather than strings in the O(n*m) loop, as jiwer's _word2int does.
    private static int[][] internTokens(List<String> reference, List<String> hypothesis) {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(hypothesis, "hypothesis");
        Map<String, Integer> ids = new HashMap<>();
        return new int[][] {
            intern(reference, ids, "reference"), intern(hypothesis, ids, "hypothesis")
        };
    }

    private static int[] intern(List<String> tokens, Map<String, Integer> ids, String side) {
        int[] interned = new int[tokens.size()];
        for (int k = 0; k < interned.length; k++) {
            String token = tokens.get(k);
            if (token == null) {
                throw new IllegalArgumentException(side + " token " + k + " must not be null");
            }
            interned[k] = ids.computeIfAbsent(token, t -> ids.size());
        }
        return interned;
    }
}
