package org.wav2vec2spark.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Which option an unknown one was meant to be, and when no option is clearly it. */
class ClosestOptionTest {

    /** The evaluate job's options, as its table lists them. */
    private static final List<String> EVALUATE =
            List.of(
                    "data",
                    "model",
                    "output",
                    "splits",
                    "master",
                    "max-failed-fraction",
                    "batch-samples",
                    "length-bucket-seconds",
                    "partitions",
                    "device",
                    "torch-threads",
                    "max-utterance-seconds",
                    "prefetch-seconds",
                    "overwrite",
                    "conf",
                    "config",
                    "help");

    /** The nightly job's own options. */
    private static final List<String> NIGHTLY = List.of("history", "run", "commit", "accept");

    /** The score job's options. */
    private static final List<String> SCORE = List.of("ref", "hyp", "help");

    static Stream<Arguments> cases() {
        return Stream.of(
                // given, the command's options, the option to suggest ("" for none)
                Arguments.of("split", EVALUATE, "splits"), // one letter short
                Arguments.of("modle", EVALUATE, "model"), // two neighbours swapped
                Arguments.of("dta", EVALUATE, "data"), // one letter left out
                Arguments.of("devcie", EVALUATE, "device"),
                Arguments.of("ovewrite", EVALUATE, "overwrite"),
                Arguments.of("hsitory", NIGHTLY, "history"),
                Arguments.of("comit", NIGHTLY, "commit"),
                Arguments.of("max-failed", EVALUATE, "max-failed-fraction"), // cut short
                Arguments.of("reference", SCORE, "ref"), // run on
                Arguments.of("hpy", SCORE, "hyp"),
                Arguments.of("foo", EVALUATE, ""), // nothing close
                Arguments.of("input", EVALUATE, ""), // another job's option
                Arguments.of("confi", EVALUATE, ""), // one edit from both conf and config
                Arguments.of("ma", EVALUATE, ""), // the beginning of master and max-...
                Arguments.of("on", NIGHTLY, ""), // two edits from run: a guess, not a typo
                Arguments.of("", EVALUATE, ""));
    }

    @ParameterizedTest(name = "--{0} -> {2}")
    @MethodSource("cases")
    void suggestsTheOneClosestOptionOrNone(String given, List<String> known, String expected) {
        assertThat(ClosestOption.to(given, known))
                .isEqualTo(expected.isEmpty() ? Optional.empty() : Optional.of(expected));
    }

    static Stream<Arguments> distances() {
        return Stream.of(
                // a, b, edits
                Arguments.of("splits", "splits", 0),
                Arguments.of("split", "splits", 1), // insertion
                Arguments.of("splitss", "splits", 1), // deletion
                Arguments.of("splots", "splits", 1), // replacement
                Arguments.of("modle", "model", 1), // swap, one edit rather than Levenshtein's 2
                Arguments.of("kitten", "sitting", 3),
                Arguments.of("", "ref", 3));
    }

    @ParameterizedTest(name = "{0} / {1}: {2}")
    @MethodSource("distances")
    void countsEditsWithASwapAsOne(String a, String b, int edits) {
        assertThat(ClosestOption.edits(a, b)).isEqualTo(edits);
        assertThat(ClosestOption.edits(b, a)).isEqualTo(edits);
    }
}
