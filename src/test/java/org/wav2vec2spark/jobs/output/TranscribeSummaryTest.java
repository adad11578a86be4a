package org.wav2vec2spark.jobs.output;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TranscribeSummaryTest {

    @Test
    void rendersTheRunAndCountsBatchesHalvedAfterRunningOutOfMemory() {
        TranscribeSummary halved =
                new TranscribeSummary("file:/out/run-1", 12, 1, 2, 10, 1, 7200, 0.5, 40, 3);
        TranscribeSummary none =
                new TranscribeSummary("file:/out/run-1", 12, 1, 2, 10, 1, 7200, 0.5, 40, 0);

        assertThat(halved.render())
                .contains("Listed 12 recordings/archives in 0.5 s (24.0 files/s), 1 other files")
                .contains(
                        "Transcribed 10 recordings (1 failed), 2.00 h of audio in 40.0 s: 180.0x"
                                + " real time; 3 batch(es) halved after running out of memory")
                .contains("Results: file:/out/run-1");
        assertThat(none.render())
                .contains("180.0x real time" + System.lineSeparator())
                .doesNotContain("out of memory");
    }
}
