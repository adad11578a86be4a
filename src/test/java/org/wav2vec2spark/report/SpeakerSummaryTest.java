package org.wav2vec2spark.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.wav2vec2spark.metrics.EditCounts;

import java.util.List;

class SpeakerSummaryTest {

    @Test
    void sumsCountsPerSplitAndSpeakerHighestWerFirst() {
        List<SpeakerSummary> speakers =
                SpeakerSummary.of(
                        List.of(
                                // speaker 1: 1 error in 4 words + 0 in 2 -> 1/6
                                Results.scored("1-a", "clean", "1", "A B C D", "A B C"),
                                Results.scored("1-b", "clean", "1", "E F", "E F"),
                                // speaker 2: 2 errors in 2 words -> 1
                                Results.scored("2-a", "clean", "2", "G H", "X Y"),
                                // same id in another split is another entry
                                Results.scored("1-c", "other", "1", "A", "A"),
                                Results.failed("1-d", "clean", "1", "broken")));

        assertThat(speakers)
                .containsExactly(
                        new SpeakerSummary("clean", "2", 1, new EditCounts(0, 2, 0, 0)),
                        new SpeakerSummary("clean", "1", 2, new EditCounts(5, 0, 1, 0)),
                        new SpeakerSummary("other", "1", 1, new EditCounts(1, 0, 0, 0)));
        assertThat(speakers.get(1).wer()).isEqualTo(1.0 / 6);
    }
}
