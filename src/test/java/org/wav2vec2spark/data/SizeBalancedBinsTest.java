package org.wav2vec2spark.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.util.List;

class SizeBalancedBinsTest {

    @Test
    void packsLargestFirstAndBreaksTiesByUri() {
        InputFile a = file("a.flac", 100);
        InputFile b = file("b.flac", 300);
        InputFile c = file("c.flac", 200);
        InputFile d = file("d.flac", 100);

        // b -> bin 0, c -> bin 1, a (before d by URI) -> bin 1 (300), d -> bin 0 (300, 1 file).
        assertThat(SizeBalancedBins.plan(List.of(d, c, b, a), 2))
                .isEqualTo(List.of(List.of(b, d), List.of(c, a)));
    }

    @Test
    void spreadsEmptyFilesInsteadOfPilingThemIntoOneBin() {
        // Zero bytes leave every bin at 0: the file count breaks the tie, so each bin gets one.
        List<InputFile> empty = List.of(file("x.flac", 0), file("y.flac", 0), file("z.flac", 0));

        assertThat(SizeBalancedBins.plan(empty, 3))
                .isEqualTo(
                        List.of(
                                List.of(empty.get(0)),
                                List.of(empty.get(1)),
                                List.of(empty.get(2))));
    }

    @Test
    void refusesZeroBins() {
        assertThatThrownBy(() -> SizeBalancedBins.plan(List.of(), 0))
                .hasMessage("Need at least 1 bin but got 0");
    }

    private static InputFile file(String uri, long length) {
        return new InputFile(uri, length, InputKind.AUDIO);
    }
}
