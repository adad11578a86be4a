package org.wav2vec2spark.jobs.output;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.List;

class FolderEntriesTest {

    @Test
    void fiveOrFewerAreAllQuotedInOrder() {
        assertThat(FolderEntries.quoted(List.of("b.flac", "a.flac"))).isEqualTo("a.flac, b.flac");
        assertThat(FolderEntries.quoted(List.of("e", "d", "c", "b", "a")))
                .isEqualTo("a, b, c, d, e");
    }

    @Test
    void moreAreCutToTheFirstFiveWithTheCount() {
        assertThat(FolderEntries.quoted(List.of("f", "e", "d", "c", "b", "a", "g")))
                .isEqualTo("a, b, c, d, e, ... 7 in all");
    }
}
