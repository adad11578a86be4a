package org.wav2vec2spark.report;

import java.util.Objects;

/**
 * One point of a split's WER history: what the WER-over-time chart of the report draws.
 *
 * @param runTime when the nightly check recorded the run, as ISO-8601 text (points are drawn in the
 *     order of this text, which is time order for ISO-8601 instants in one time zone)
 * @param split split name
 * @param wer word error rate of the split in that run, as a fraction
 */
public record HistoryPoint(String runTime, String split, double wer) {

    /** Checks that the names are present. */
    public HistoryPoint {
        Objects.requireNonNull(runTime, "runTime");
        Objects.requireNonNull(split, "split");
    }
}
