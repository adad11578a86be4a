package org.wav2vec2spark.jobs.output;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.List;

class TranscribeSummaryTest {

    @Test
    void rendersTheRunAndCountsBatchesHalvedAfterRunningOutOfMemory() {
        TranscribeSummary halved =
                new TranscribeSummary(
                        "/out", "/out/run=1", 12, 1, 2, 10, 1, 7200, 0.5, 40, 3, List.of("e"));
        TranscribeSummary none =
                new TranscribeSummary(
                        "/out", "/out/run=1", 12, 1, 2, 10, 1, 7200, 0.5, 40, 0, List.of("e"));

        assertThat(halved.render())
                .contains("Listed 12 recordings/archives in 0.5 s (24.0/s), 1 other files")
                .contains(
                        "Transcribed 10 recordings (1 failed), 2.00 h of audio in 40.0 s: 180.0x"
                                + " real time; 3 batch(es) halved after running out of memory")
                .contains("Results: /out (this run: run=1)" + System.lineSeparator());
        assertThat(none.render())
                .contains("180.0x real time" + System.lineSeparator())
                .doesNotContain("out of memory");
    }

    @Test
    void namesTheFailedRecordingsOnTheConsoleAndSaysHowManyMoreThereAre() {
        String error =
                "file:/in/hi-rate.wav: sample rate 44100 Hz with 1 channel(s) is not supported";
        TranscribeSummary allListed =
                new TranscribeSummary(
                        "/o", "/o/run=1", 5, 0, 0, 5, 1, 60, 0.1, 5, 0, List.of(error));
        TranscribeSummary someListed =
                new TranscribeSummary(
                        "/o", "/o/run=1", 50, 0, 0, 50, 12, 60, 0.1, 5, 0, List.of(error));

        assertThat(allListed.render())
                .contains("1 recording(s) FAILED:" + System.lineSeparator() + "  " + error)
                .doesNotContain("more: see");
        assertThat(someListed.render())
                .contains("12 recording(s) FAILED:")
                .contains("  ... 11 more: see the rows with status = failed in the run's output");
    }

    @Test
    void aRunWithNothingLeftGivesNoSpeed() {
        TranscribeSummary nothing =
                new TranscribeSummary("/o", null, 5, 0, 5, 0, 0, 0, 0.1, 8, 0, List.of());

        assertThat(nothing.render())
                .contains(
                        "Transcribed 0 recordings (0 failed), 0.00 h of audio in 8.0 s"
                                + System.lineSeparator())
                .doesNotContain("real time")
                .contains("Results: /o (nothing new to write)" + System.lineSeparator());
    }

    @Test
    void saysNothingAboutFailuresWhenNoneFailed() {
        TranscribeSummary clean =
                new TranscribeSummary("/o", "/o/run=1", 5, 0, 0, 5, 0, 60, 0.1, 5, 0, List.of());

        assertThat(clean.render()).doesNotContain("FAILED");
    }
}
