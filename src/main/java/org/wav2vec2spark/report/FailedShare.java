package org.wav2vec2spark.report;

/**
 * The rule of {@code --max-failed-fraction}, shared by the jobs' exit status and the nightly check:
 * a run fails when the share of its items that failed is above the allowed fraction.
 *
 * <p>The share is compared, not {@code failed > fraction * total}: 0.29 * 100 is 28.999999999999996
 * in doubles, which would count 29 of 100 failed as more than 0.29 allows, while 29 / 100.0 is 0.29
 * exactly.
 */
public final class FailedShare {

    private FailedShare() {}

    /**
     * Whether more than the allowed fraction of the items failed; a run of no items has none.
     *
     * @param failed the items that failed
     * @param total the items of the run or split
     * @param allowed the fraction of failed items allowed, between 0 and 1
     * @return true when {@code failed / total} is above {@code allowed}
     */
    public static boolean above(long failed, long total, double allowed) {
        return total > 0 && (double) failed / total > allowed;
    }
}
