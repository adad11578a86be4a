package org.wav2vec2spark.jobs.cli;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The one option of a command that an unknown option was most likely meant to be, for a "did you
 * mean" hint: a typo such as {@code --modle} or {@code --hsitory}, or a name cut short or run on
 * such as {@code --split} for {@code --splits} or {@code --reference} for {@code --ref}.
 *
 * <p>A hint that names the wrong option costs the user more than none, so there is one only when a
 * single option is clearly closest; see {@link #to}.
 */
final class ClosestOption {

    /** The most edits (insert, delete, replace, swap two neighbours) a typo is taken to have. */
    static final int MAX_EDITS = 2;

    private ClosestOption() {}

    /**
     * The option {@code given} was most likely meant to be: the one option fewest edits away when
     * that is at most {@link #MAX_EDITS} and fewer than half its length (so that {@code --on} is
     * not taken for {@code --run}); failing any within reach, the one option that {@code given}
     * begins or is the beginning of. Nothing when no option is close, or when several are equally
     * close.
     *
     * @param given the unknown option, without dashes
     * @param known the options the command takes, without dashes
     * @return the option to suggest, or empty
     */
    static Optional<String> to(String given, Collection<String> known) {
        if (given.isEmpty()) {
            return Optional.empty();
        }
        int fewest = Integer.MAX_VALUE;
        List<String> nearest = List.of();
        for (String name : known) {
            int edits = edits(given, name);
            if (edits > MAX_EDITS || 2 * edits >= name.length()) {
                continue;
            }
            if (edits < fewest) {
                fewest = edits;
                nearest = List.of(name);
            } else if (edits == fewest) {
                nearest = List.of(); // a tie: no option is more likely than another
            }
        }
        if (fewest != Integer.MAX_VALUE) {
            return nearest.stream().findFirst();
        }
        List<String> related =
                known.stream().filter(n -> n.startsWith(given) || given.startsWith(n)).toList();
        return related.size() == 1 ? Optional.of(related.get(0)) : Optional.empty();
    }

    /**
     * The optimal-string-alignment distance: Levenshtein's insertions, deletions and replacements,
     * and a swap of two neighbouring characters as one edit, the commonest typo.
     */
    static int edits(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int replace = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] =
                        Math.min(
                                Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1),
                                d[i - 1][j - 1] + replace);
                if (i > 1
                        && j > 1
                        && a.charAt(i - 1) == b.charAt(j - 2)
                        && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
