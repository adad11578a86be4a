package org.wav2vec2spark.report;

import org.wav2vec2spark.metrics.CaseFolding;
import org.wav2vec2spark.metrics.EditCounts;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Renders a run for the console, one block per split in the form users know from Kaldi's {@code
 * compute-wer}: {@code %WER 2.80 [ 1472 / 52576, 150 ins, 120 del, 1202 sub ]}.
 */
public final class ComputeWerTable {

    private ComputeWerTable() {}

    /**
     * The Kaldi-style line for a set of counts, with the given label ({@code WER} or {@code CER}).
     */
    public static String line(String label, EditCounts counts) {
        // Kaldi divides as floats: errors over no reference words print inf, and 0 / 0 nan; so do
        // we rather than a false 0.
        String rate =
                counts.referenceLength() == 0
                        ? counts.errors() > 0 ? "inf" : "nan"
                        : percent(counts.errors(), counts.referenceLength());
        return String.format(
                Locale.ROOT,
                "%%%s %s [ %d / %d, %d ins, %d del, %d sub ]",
                label,
                rate,
                counts.errors(),
                counts.referenceLength(),
                counts.insertions(),
                counts.deletions(),
                counts.substitutions());
    }

    /**
     * A rate as compute-wer prints it: {@code 100.0 * errors / total} stored as a float ({@code
     * BaseFloat}), then printed to two decimals with ties to even, as C's formatting rounds the
     * float's exact value. Formatting the double half-up differed in about 1 of 2,400 rates: 1 /
     * 160 is 0.62 there (an exact tie), 1462 / 1491 is 98.06 (the float is just above the half).
     *
     * @param total the reference words (or sentences); not 0
     */
    static String percent(long errors, long total) {
        float rate = (float) (100.0 * (float) errors / (float) total);
        return new BigDecimal(rate).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** What the console says of a run scored case-folded. */
    static final String CASE_FOLDING_NOTE =
            "case folded: the model writes lower case, so hypotheses and references were"
                    + " upper-cased before scoring (the utterance results keep the hypotheses as"
                    + " decoded)";

    /** The whole console report of a run. */
    public static String render(RunSummary summary) {
        StringBuilder out = new StringBuilder();
        for (SplitSummary split : summary.splits().values()) {
            out.append(
                    String.format(
                            Locale.ROOT,
                            "%s: %d utterances, %d failed, %.1f s of audio\n",
                            split.split(),
                            split.utterances(),
                            split.failed(),
                            split.audioSeconds()));
            out.append("  ").append(line("WER", split.words())).append('\n');
            out.append("  ").append(line("CER", split.characters())).append('\n');
        }
        RunSummary.RunInfo run = summary.run();
        out.append(
                String.format(
                        Locale.ROOT,
                        "model %s: %d load(s) on %d executor(s); %.1f s of audio in %.1f s (%.1fx"
                                + " real time), batch fill %.2f%s\n",
                        summary.model().id(),
                        run.modelLoads(),
                        run.executors(),
                        run.audioSeconds(),
                        run.wallSeconds(),
                        run.realTimeFactor(),
                        run.batchFill(),
                        run.outOfMemorySplits() == 0
                                ? ""
                                : "; "
                                        + run.outOfMemorySplits()
                                        + " batch(es) halved after running out of memory"));
        if (run.caseFolding() == CaseFolding.UPPER) {
            out.append(CASE_FOLDING_NOTE).append('\n');
        }
        if (summary.failedTotal() > 0) {
            out.append(
                    String.format(
                            Locale.ROOT,
                            "%d of %d utterances FAILED and %s not in the rates above:\n",
                            summary.failedTotal(),
                            summary.utteranceTotal(),
                            summary.failedTotal() == 1 ? "is" : "are"));
            for (RunSummary.FailedUtterance failure : summary.failures()) {
                out.append("  ").append(failure.split()).append(' ');
                // Rows of malformed lines, damaged archives and misplaced files are named by
                // their location, which their error already starts with.
                if (!failure.error().startsWith(failure.id())) {
                    out.append(failure.id()).append(": ");
                }
                out.append(failure.error()).append('\n');
            }
            if (summary.failures().size() < summary.failedTotal()) {
                out.append("  ... see the status column of the utterance results for the rest\n");
            }
        }
        return out.toString();
    }
}
