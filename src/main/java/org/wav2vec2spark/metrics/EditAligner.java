package org.wav2vec2spark.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Minimum edit distance (Levenshtein, unit costs) between a reference and a hypothesis token list,
 * and the alignment that jiwer reports: the one rapidfuzz's {@code Levenshtein.editops} recovers.
 *
 * <p>The distance, and so {@code substitutions + deletions + insertions} and every WER and CER, is
 * the same for every minimal alignment. How it splits into S, D and I (and so the hits, the word
 * confusions and the drawn alignment) is not: {@code "THE CAT"} against {@code "CAT THE"} is two
 * substitutions, or a hit, a deletion and an insertion, at the same cost. jiwer takes rapidfuzz's,
 * and so does this class: the common prefix and suffix are hits; between them, the path is traced
 * back from the end, taking a deletion where the cell above is one less, else an insertion where,
 * one hypothesis token back, the cell above is one more, else the diagonal (rapidfuzz's {@code
 * recover_alignment}, stated on the cost matrix instead of its bit vectors).
 *
 * <p>The trace needs one byte per cell of the matrix between the common ends. rapidfuzz itself
 * keeps that matrix only below about 4 million cells (longer pairs it splits with Hirschberg's
 * algorithm, whose ties may fall otherwise): {@link #count} traces back there, with at most 4 MB,
 * and above counts in memory linear in the hypothesis, breaking ties as it fills the table (the
 * diagonal first, then a deletion, then an insertion). {@link #align}, for the reports, traces back
 * up to {@link #MAX_ALIGNMENT_CELLS} cells between the common ends and refuses more. Below
 * rapidfuzz's limit both give jiwer's split exactly; above it, the same distance and so the same
 * rates.
 */
public final class EditAligner {

    /**
     * The most dynamic-programming cells, {@code (referenceLength + 1) * (hypothesisLength + 1)}
     * between the common prefix and suffix, that {@link #align} will keep (one byte each): 50
     * million, e.g. 7 000 by 7 000 tokens.
     */
    public static final long MAX_ALIGNMENT_CELLS = 50_000_000L;

    private static final byte DIAGONAL = 0;
    private static final byte DELETION = 1;
    private static final byte INSERTION = 2;

    private EditAligner() {}

    /**
     * Whether {@link #align} takes these sequences: at most {@link #MAX_ALIGNMENT_CELLS} cells
     * between their common prefix and suffix, which are hits without a table. Two hour-long
     * transcripts that differ in a few places align; two that differ throughout may not.
     *
     * @param reference reference tokens
     * @param hypothesis hypothesis tokens
     * @return true when they can be aligned
     */
    public static boolean canAlign(List<String> reference, List<String> hypothesis) {
        int[][] ids = internTokens(reference, hypothesis);
        return Middle.of(ids[0], ids[1]).cells() <= MAX_ALIGNMENT_CELLS;
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
        Middle middle = Middle.of(ids[0], ids[1]);
        EditCounts counts =
                middle.alignedInFullByRapidfuzz()
                        ? toAlignment(middle.operations()).counts()
                        : countInLinearMemory(middle.reference(), middle.hypothesis());
        return counts.plus(new EditCounts(middle.sharedEnds(), 0, 0, 0));
    }

    /**
     * The counts of the alignment chosen while filling the table, keeping two rows of it; ties
     * broken as {@link #choose} says.
     */
    static EditCounts countInLinearMemory(List<String> reference, List<String> hypothesis) {
        int[][] ids = internTokens(reference, hypothesis);
        return countInLinearMemory(ids[0], ids[1]);
    }

    private static EditCounts countInLinearMemory(int[] ref, int[] hyp) {
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
        Middle middle = Middle.of(ids[0], ids[1]);
        if (middle.cells() > MAX_ALIGNMENT_CELLS) {
            throw new IllegalArgumentException(
                    "Aligning "
                            + reference.size()
                            + " reference and "
                            + hypothesis.size()
                            + " hypothesis tokens needs "
                            + middle.cells()
                            + " cells between their common ends ("
                            + middle.prefix()
                            + " tokens at the start, "
                            + middle.suffix()
                            + " at the end) but an alignment may use at most "
                            + MAX_ALIGNMENT_CELLS
                            + "; use EditAligner.count for the counts alone");
        }
        return alignAround(middle);
    }

    /**
     * Aligns the hypothesis to the reference with minimal edits, as {@link #align} does, where
     * {@link #canAlign} would say it can: one pass over the tokens for callers that pass over what
     * is too long.
     *
     * @param reference reference tokens (words or characters)
     * @param hypothesis hypothesis tokens
     * @return the alignment, or empty if it needs more than {@link #MAX_ALIGNMENT_CELLS} cells
     */
    public static Optional<Alignment> alignWithinLimit(
            List<String> reference, List<String> hypothesis) {
        int[][] ids = internTokens(reference, hypothesis);
        Middle middle = Middle.of(ids[0], ids[1]);
        return middle.cells() > MAX_ALIGNMENT_CELLS
                ? Optional.empty()
                : Optional.of(alignAround(middle));
    }

    /** The common ends' hits around the middle's operations. */
    private static Alignment alignAround(Middle middle) {
        List<EditOperation> operations =
                new ArrayList<>(
                        middle.prefix()
                                + middle.suffix()
                                + middle.reference().length
                                + middle.hypothesis().length);
        operations.addAll(Collections.nCopies(middle.prefix(), EditOperation.EQUAL));
        operations.addAll(middle.operations());
        operations.addAll(Collections.nCopies(middle.suffix(), EditOperation.EQUAL));
        return toAlignment(operations);
    }

    /**
     * What lies between the longest common prefix and suffix of two token sequences, which
     * rapidfuzz aligns as hits before it aligns the rest.
     */
    private record Middle(int prefix, int suffix, int[] reference, int[] hypothesis) {

        /**
         * rapidfuzz (3.x, {@code levenshtein_align_hirschberg}) keeps the whole matrix of the
         * middle, and so traces back as {@link #operations} does, unless it has a quarter of a
         * mebi-cell or more ({@code len1 * len2 / 4 >= 2^20}) with at least 65 and 10 tokens a
         * side; above that it splits the problem with Hirschberg's algorithm, whose split of ties
         * may differ from the whole matrix's.
         */
        private static final long RAPIDFUZZ_FULL_MATRIX_PRODUCT = 4L * 1024 * 1024;

        static Middle of(int[] ref, int[] hyp) {
            int prefix = 0;
            while (prefix < ref.length && prefix < hyp.length && ref[prefix] == hyp[prefix]) {
                prefix++;
            }
            int suffix = 0;
            while (suffix < ref.length - prefix
                    && suffix < hyp.length - prefix
                    && ref[ref.length - 1 - suffix] == hyp[hyp.length - 1 - suffix]) {
                suffix++;
            }
            return new Middle(
                    prefix,
                    suffix,
                    Arrays.copyOfRange(ref, prefix, ref.length - suffix),
                    Arrays.copyOfRange(hyp, prefix, hyp.length - suffix));
        }

        /** The cells of the middle's cost matrix, which tracing back keeps a byte each. */
        long cells() {
            return (long) (reference.length + 1) * (hypothesis.length + 1);
        }

        /** The hits of the common prefix and suffix. */
        long sharedEnds() {
            return prefix + suffix;
        }

        boolean alignedInFullByRapidfuzz() {
            return (long) reference.length * hypothesis.length < RAPIDFUZZ_FULL_MATRIX_PRODUCT
                    || reference.length < 65
                    || hypothesis.length < 10;
        }

        /** The middle's operations in order, traced back as rapidfuzz does. */
        List<EditOperation> operations() {
            List<EditOperation> reversed = new ArrayList<>(reference.length + hypothesis.length);
            traceBack(reference, hypothesis, reversed);
            Collections.reverse(reversed);
            return reversed;
        }
    }

    /**
     * Appends the operations aligning {@code a} to {@code b}, last first, as rapidfuzz's {@code
     * recover_alignment} chooses them.
     */
    private static void traceBack(int[] a, int[] b, List<EditOperation> reversed) {
        byte[] rises = verticalRises(a, b);
        int width = b.length + 1;
        int i = a.length; // rapidfuzz's col: reference tokens left
        int j = b.length; // its row: hypothesis tokens left
        while (i > 0 && j > 0) {
            if (rises[i * width + j] == 1) {
                reversed.add(EditOperation.DELETE);
                i--;
                continue;
            }
            j--;
            if (j > 0 && rises[i * width + j] == -1) {
                reversed.add(EditOperation.INSERT);
            } else {
                i--;
                reversed.add(a[i] == b[j] ? EditOperation.EQUAL : EditOperation.SUBSTITUTE);
            }
        }
        reversed.addAll(Collections.nCopies(i, EditOperation.DELETE));
        reversed.addAll(Collections.nCopies(j, EditOperation.INSERT));
    }

    /**
     * {@code D[i][j] - D[i-1][j]} for every cell of the cost matrix (row 0 unused), each -1, 0 or
     * 1: what rapidfuzz's bit vectors VP and VN hold.
     */
    private static byte[] verticalRises(int[] a, int[] b) {
        int width = b.length + 1;
        byte[] rises = new byte[(a.length + 1) * width];
        int[] previous = new int[width];
        int[] current = new int[width];
        for (int j = 0; j <= b.length; j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length; i++) {
            current[0] = i;
            for (int j = 1; j <= b.length; j++) {
                int diagonal = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.min(diagonal, Math.min(previous[j], current[j - 1]) + 1);
            }
            for (int j = 0; j <= b.length; j++) {
                rises[i * width + j] = (byte) (current[j] - previous[j]);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return rises;
    }

    // The linear-memory count's tie-breaking; see the class comment.
    private static byte choose(int diagonal, int deletion, int insertion) {
        if (diagonal <= deletion && diagonal <= insertion) {
            return DIAGONAL;
        }
        return deletion <= insertion ? DELETION : INSERTION;
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
