package org.wav2vec2spark.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * How {@link OptionTable} reads repeated options and words an unknown one, which every job's parser
 * shares.
 */
class OptionTableTest {
    private static final OptionTable TABLE =
            new OptionTable(
                    "job --data URI [--splits A,B]",
                    List.of(
                            new OptionSpec("data", "URI", null, "input"),
                            new OptionSpec("splits", "A,B", null, "splits"),
                            new OptionSpec("input", "URI...", null, "inputs")));

    @Test
    void aRepeatedListOptionCollectsTheValuesOfEveryOccurrence() {
        assertThat(TABLE.parse("--input", "/a", "--data", "d", "--input", "/b", "/c").all("input"))
                .containsExactly("/a", "/b", "/c");
    }

    @Test
    void aSingleValueOptionGivenTwiceIsRefusedRatherThanTheFirstDropped() {
        assertThatThrownBy(
                        () ->
                                TABLE.parse(
                                        "--splits",
                                        "test-clean",
                                        "--data",
                                        "d",
                                        "--splits=test-other"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "--splits is given twice ('test-clean', then 'test-other'); give it once");
    }

    @Test
    void aRepeatableOptionKeepsEveryValue() {
        OptionTable table = new OptionTable("job [--conf K=V]", List.of(SharedOptions.CONF));

        assertThat(table.parse("--conf", "a=1", "--conf", "b=2").keyValues("conf"))
                .containsExactly(java.util.Map.entry("a", "1"), java.util.Map.entry("b", "2"));
    }

    @Test
    void aRepeatedListOptionWithoutValuesIsRefused() {
        // `--input /a --input $EXTRA` with EXTRA empty: the second --input has nothing of its own.
        assertThatThrownBy(() -> TABLE.parse("--input", "/a", "--input", "--data", "d"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--input needs a value: URI...");
    }

    @Test
    void anOptionIsNoValueOfTheOptionBeforeIt() {
        // `--data $DATA --splits a` with DATA empty: --splits is not the data, and "a" would
        // then be reported as an unexpected argument.
        assertThatThrownBy(() -> TABLE.parse("--data", "--splits", "a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--data needs a value: URI, got the option --splits");
        assertThatThrownBy(() -> TABLE.parse("--data", "--splits=a"))
                .hasMessage("--data needs a value: URI, got the option --splits=a");
        // A near miss was meant as an option too: its hint must not be lost to the data.
        assertThatThrownBy(() -> TABLE.parse("--data", "--split", "a"))
                .hasMessage(
                        "--data needs a value: URI, got the option --split (did you mean"
                                + " --splits?)");
        // A value that only starts like an option is a value.
        assertThat(TABLE.parse("--data", "--weird-name").get("data")).isEqualTo("--weird-name");
    }

    @Test
    void aNearMissAsksAboutTheOptionMeant() {
        assertThatThrownBy(() -> TABLE.parse("--data", "d", "--split", "test-clean"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Unknown option --split (did you mean --splits?); valid options: --data,"
                                + " --splits, --input");
    }

    @Test
    void anOptionCloseToNoneIsOnlyListed() {
        assertThatThrownBy(() -> TABLE.parse("--foo", "x"))
                .hasMessage("Unknown option --foo; valid options: --data, --splits, --input");
    }

    @Test
    void aSparkSubmitOptionIsPointedToSparkSubmitNotToANearMiss() {
        // --jars is one letter from a job's --jar, but as a spark-submit option it was meant.
        assertThat(OptionTable.unknownOption("jars", List.of("jar")))
                .hasMessageStartingWith("Unknown option --jars (a spark-submit option:")
                .hasMessageNotContaining("did you mean");
    }
}
