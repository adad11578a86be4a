package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

class ProgressReporterTest {

    @ParameterizedTest(name = "{0} of {1} after {3} s")
    @CsvSource(
            delimiter = '|',
            value = {
                // done | expected | audio s | elapsed s | line
                // a quarter done in 60 s leaves three quarters: 180 s
                "250  | 1000 | 3600  | 60   | progress: 250 of 1000 recordings (25%), 1.00 h of"
                        + " audio, 60.0x real time, about 3m00s left",
                // past the hour the estimate switches to hours and minutes
                "1    | 100  | 36    | 60   | progress: 1 of 100 recordings (1%), 0.01 h of audio,"
                        + " 0.6x real time, about 1h39m left",
                // the join found more than the listing: the total follows what was done
                "120  | 100  | 720   | 10   | progress: 120 of 120 recordings (100%), 0.20 h of"
                        + " audio, 72.0x real time, about 0m00s left",
            })
    void reportsShareAudioSpeedAndTimeLeft(
            long done, long expected, double audio, double elapsed, String line) {
        ProgressReporter reporter =
                new ProgressReporter(null, expected, Duration.ofSeconds(10), "recordings");

        assertThat(reporter.line(done, audio, elapsed)).isEqualTo(line);
    }
}
