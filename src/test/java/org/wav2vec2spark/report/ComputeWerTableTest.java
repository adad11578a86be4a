package org.wav2vec2spark.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.wav2vec2spark.metrics.CaseFolding;
import org.wav2vec2spark.metrics.EditCounts;

import java.util.List;
import java.util.Map;

class ComputeWerTableTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                // hits | sub | del | ins | Kaldi compute-wer line
                "50000 | 1202 | 1374 | 150 | %WER 5.18 [ 2726 / 52576, 150 ins, 1374 del, 1202 sub"
                        + " ]",
                "3     | 0    | 0    | 0   | %WER 0.00 [ 0 / 3, 0 ins, 0 del, 0 sub ]",
                "0     | 0    | 4    | 0   | %WER 100.00 [ 4 / 4, 0 ins, 4 del, 0 sub ]",
                "1     | 1    | 0    | 3   | %WER 200.00 [ 4 / 2, 3 ins, 0 del, 1 sub ]",
                "0     | 0    | 0    | 2   | %WER inf [ 2 / 0, 2 ins, 0 del, 0 sub ]",
                "0     | 0    | 0    | 0   | %WER nan [ 0 / 0, 0 ins, 0 del, 0 sub ]",
            })
    void formatsLikeKaldi(long hits, long sub, long del, long ins, String expected) {
        assertThat(ComputeWerTable.line("WER", new EditCounts(hits, sub, del, ins)))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource({
        // errors, total, what compute-wer prints: (float) (100.0 * errors / total) as "%.2f".
        // Expected values computed in Python: the rate rounded to float32 (struct 'f'), then
        // "%.2f", which rounds the exact value with ties to even, as C does.
        "1, 160, 0.62", // 0.625 exactly: a tie, to even (half-up said 0.63)
        "1, 32, 3.12", // 3.125 exactly
        "3, 8, 37.50",
        "1462, 1491, 98.06", // the float 98.0550003 is above the half (the double is below)
        "74, 352, 21.02",
        "2, 3, 66.67",
        "0, 5, 0.00",
        "7, 2, 350.00",
    })
    void ratesRoundAsComputeWerPrintsThem(long errors, long total, String expected) {
        assertThat(ComputeWerTable.percent(errors, total)).isEqualTo(expected);
    }

    @Test
    void listsEveryFailureAfterTheRates() {
        SplitSummary clean = clean(3, 1);
        RunSummary summary =
                new RunSummary(
                        Map.of("test-clean", clean),
                        new RunSummary.ModelInfo("m", "file:/m", "00", "float32"),
                        new RunSummary.RunInfo("t", "local[2]", 10.0, 2.0, 1, 1, 2, 0.9, 0),
                        List.of(
                                new RunSummary.FailedUtterance(
                                        "test-clean", "1-2-0003", "x.flac: truncated")));

        String table = ComputeWerTable.render(summary);

        assertThat(table)
                .contains("test-clean: 3 utterances, 1 failed, 10.0 s of audio")
                .contains("%WER 10.00 [ 1 / 10, 0 ins, 0 del, 1 sub ]")
                .contains("%CER 7.14 [ 3 / 42, 1 ins, 0 del, 2 sub ]")
                .contains("1 load(s) on 1 executor(s); 10.0 s of audio in 2.0 s (5.0x real time)")
                .contains("1 of 3 utterances FAILED and is not in the rates above:")
                .contains("  test-clean 1-2-0003: x.flac: truncated");
    }

    @Test
    void batchesHalvedAfterRunningOutOfMemoryAreCountedOnTheModelLine() {
        String halved = renderWithOutOfMemorySplits(4);
        String none = renderWithOutOfMemorySplits(0);

        assertThat(halved)
                .contains("batch fill 0.90; 4 batch(es) halved after running out of memory\n");
        assertThat(none).contains("batch fill 0.90\n").doesNotContain("out of memory");
    }

    @Test
    void aCaseFoldedRunSaysSoAfterTheModelLine() {
        RunSummary.RunInfo run =
                new RunSummary.RunInfo("t", "local[2]", 10.0, 2.0, 1, 1, 5, 0.9, 0);
        RunSummary.RunInfo folded =
                new RunSummary.RunInfo(
                        "t", "local[2]", 10.0, 2.0, 1, 1, 5, 0.9, 0, CaseFolding.UPPER);

        String asWritten = render(run);
        String caseFolded = render(folded);

        assertThat(asWritten).doesNotContain("case");
        assertThat(caseFolded)
                .isEqualTo(asWritten + ComputeWerTable.CASE_FOLDING_NOTE + "\n")
                .contains("hypotheses and references were upper-cased before scoring");
    }

    private static String render(RunSummary.RunInfo run) {
        return ComputeWerTable.render(
                new RunSummary(
                        Map.of("test-clean", clean(1, 0)),
                        new RunSummary.ModelInfo("m", "file:/m", "00", "float32"),
                        run,
                        List.of()));
    }

    @Test
    void aFailureWhoseErrorStartsWithItsIdPrintsItOnce() {
        // A malformed transcript line's row id is its location, which its error starts with.
        String location = "file:/x/421-61068.trans.txt:6";
        RunSummary summary =
                new RunSummary(
                        Map.of(
                                "dev-clean",
                                new SplitSummary(
                                        "dev-clean",
                                        1,
                                        1,
                                        0.0,
                                        new EditCounts(0, 0, 0, 0),
                                        new EditCounts(0, 0, 0, 0))),
                        new RunSummary.ModelInfo("m", "file:/m", "00", "float32"),
                        new RunSummary.RunInfo("t", "local[2]", 0.0, 1.0, 1, 1, 0, 0.0, 0),
                        List.of(
                                new RunSummary.FailedUtterance(
                                        "dev-clean",
                                        location,
                                        location + ": expected '<utt-id> <TEXT>'")));

        assertThat(ComputeWerTable.render(summary))
                .contains("  dev-clean " + location + ": expected '<utt-id> <TEXT>'\n");
    }

    private static String renderWithOutOfMemorySplits(long splits) {
        return ComputeWerTable.render(
                new RunSummary(
                        Map.of("test-clean", clean(1, 0)),
                        new RunSummary.ModelInfo("m", "file:/m", "00", "float32"),
                        new RunSummary.RunInfo("t", "local[2]", 10.0, 2.0, 1, 1, 5, 0.9, splits),
                        List.of()));
    }

    /** test-clean with 10 s of audio, 1 word error in 10 and 3 character errors in 42. */
    private static SplitSummary clean(long utterances, long failed) {
        return new SplitSummary(
                "test-clean",
                utterances,
                failed,
                10.0,
                new EditCounts(9, 1, 0, 0),
                new EditCounts(40, 2, 0, 1));
    }
}
