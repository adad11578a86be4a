package org.wav2vec2spark.report;

import java.util.List;

/**
 * The nightly check's outcome for a whole run: each split's verdict and whether a regression was
 * accepted as the new baseline ({@code --accept}). The console line and the report's verdict
 * section both say {@link #headline()}.
 *
 * @param splits one verdict per split, in the order they were checked; empty for a run that was not
 *     checked (an evaluate job's report)
 * @param accepted whether regressions were accepted as the new baseline
 */
public record NightlyVerdict(List<SplitVerdict> splits, boolean accepted) {

    /** A run the nightly job did not check. */
    public static final NightlyVerdict NOT_CHECKED = new NightlyVerdict(List.of(), false);

    /** Copies the list. */
    public NightlyVerdict {
        splits = List.copyOf(splits);
    }

    /** Whether the nightly job checked the run. */
    public boolean checked() {
        return !splits.isEmpty();
    }

    /** Whether any split regressed. */
    public boolean regressed() {
        return splits.stream().anyMatch(SplitVerdict::regressed);
    }

    /** The splits that regressed, in check order. */
    public List<String> regressedSplits() {
        return splits.stream().filter(SplitVerdict::regressed).map(SplitVerdict::split).toList();
    }

    /**
     * {@code OK}, or {@code REGRESSION in <splits>}, followed by {@code (accepted as the new
     * baseline)} when it was.
     */
    public String headline() {
        if (!regressed()) {
            return "OK";
        }
        return "REGRESSION in "
                + String.join(", ", regressedSplits())
                + (accepted ? " (accepted as the new baseline)" : "");
    }
}
