package org.wav2vec2spark.jobs.output;

import java.util.List;

/** Names found in a folder, as a refusal quotes them: sorted, the first five, then the count. */
final class FolderEntries {
    private static final int SHOWN = 5;

    private FolderEntries() {}

    /** {@code a, b, c, d, e, ... 12 in all}, or all of them when there are five or fewer. */
    static String quoted(List<String> names) {
        List<String> sorted = names.stream().sorted().toList();
        String shown = String.join(", ", sorted.subList(0, Math.min(SHOWN, sorted.size())));
        return sorted.size() > SHOWN ? shown + ", ... " + sorted.size() + " in all" : shown;
    }
}
