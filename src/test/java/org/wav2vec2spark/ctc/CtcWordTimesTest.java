package org.wav2vec2spark.ctc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.List;

class CtcWordTimesTest {
    // ids: 0 <pad>, 1 |, 2 H, 3 E, 4 L, 5 O
    private final CtcWordTimes times =
            new CtcWordTimes(Vocabulary.of(List.of("<pad>", "|", "H", "E", "L", "O")));

    @Test
    void wordsSpanFromFirstToLastFrameOfTheirCharacters() {
        // frames: 0 <pad> 1 H 2 H 3 E 4 | 5 | 6 L 7 <pad> 8 L 9 O 10 <pad>
        // "HE" = H [1,3) + E [3,4) -> [1, 4); "LLO" = L [6,7), L [8,9), O [9,10) -> [6, 10)
        int[] ids = {0, 2, 2, 3, 1, 1, 4, 0, 4, 5, 0};

        assertThat(times.words(ids))
                .containsExactly(new WordTiming("HE", 1, 4), new WordTiming("LLO", 6, 10));
    }

    @Test
    void noWordsInSilenceAndTrailingWordClosed() {
        assertThat(times.words(new int[] {0, 1, 0, 1})).isEmpty();
        assertThat(times.words(new int[] {5})).containsExactly(new WordTiming("O", 0, 1));
        assertThat(new WordTiming("O", 5, 10).endSeconds(0.02)).isEqualTo(0.2);
    }
}
