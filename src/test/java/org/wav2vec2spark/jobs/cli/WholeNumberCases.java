package org.wav2vec2spark.jobs.cli;

import static org.junit.jupiter.params.provider.Arguments.arguments;

import org.junit.jupiter.params.provider.Arguments;

import java.util.stream.Stream;

/**
 * The edge cases of {@link WholeNumber}, shared by the tests of every caller so that each is held
 * to the same rule.
 */
public final class WholeNumberCases {
    private static final String RANGE =
            " expects a whole number from -9223372036854775808 to 9223372036854775807, got ";

    private static final String COUNT_RANGE = " must be from 0 to 2147483647, got ";

    private WholeNumberCases() {}

    /** Accepted values: the text and the number it means. */
    public static Stream<Arguments> accepted() {
        return Stream.of(
                arguments("42", 42L),
                arguments("+42", 42L),
                arguments("-7", -7L),
                arguments(" 42\t", 42L),
                arguments("0007", 7L),
                arguments("9223372036854775807", Long.MAX_VALUE),
                arguments("-9223372036854775808", Long.MIN_VALUE));
    }

    /** Refused values: the text and the message after the subject. */
    public static Stream<Arguments> refused() {
        return Stream.of(
                arguments("", " expects a whole number, got an empty value"),
                arguments("  ", " expects a whole number, got an empty value"),
                arguments("1e6", " expects a whole number, got '1e6'"),
                arguments("960_000", " expects a whole number, got '960_000'"),
                arguments("1.0", " expects a whole number, got '1.0'"),
                arguments("1,000", " expects a whole number, got '1,000'"),
                arguments("+-1", " expects a whole number, got '+-1'"),
                arguments("- 1", " expects a whole number, got '- 1'"),
                arguments("0x10", " expects a whole number, got '0x10'"),
                // Digits of other scripts, which Long.parseLong would take as 123 and 42.
                arguments(
                        "\u0661\u0662\u0663", " expects a whole number, got '\u0661\u0662\u0663'"),
                arguments("\uff14\uff12", " expects a whole number, got '\uff14\uff12'"),
                arguments("9223372036854775808", RANGE + "'9223372036854775808'"),
                arguments("-9223372036854775809", RANGE + "'-9223372036854775809'"));
    }

    /**
     * Accepted values of a count held in an {@code int} ({@link ParsedOptions#wholeNumberWithin}
     * from 0 to {@link Integer#MAX_VALUE}): the text and the number it means.
     */
    public static Stream<Arguments> acceptedAsCount() {
        return Stream.of(
                arguments("0", 0),
                arguments(" +7 ", 7),
                arguments("2147483647", Integer.MAX_VALUE));
    }

    /**
     * Values such a count refuses besides {@link #refused}: the text and the message after the
     * subject.
     */
    public static Stream<Arguments> refusedAsCount() {
        return Stream.of(
                arguments("-1", COUNT_RANGE + "-1"),
                arguments("2147483648", COUNT_RANGE + "2147483648"),
                // A cast to int made these 0 (auto, for --partitions) and 1.
                arguments("4294967296", COUNT_RANGE + "4294967296"),
                arguments("4294967297", COUNT_RANGE + "4294967297"),
                arguments("9223372036854775807", COUNT_RANGE + "9223372036854775807"));
    }

    /**
     * {@link #refusedAsCount} for each of these options: the option's name, the text and the
     * message after {@code --name}.
     */
    public static Stream<Arguments> refusedAsCount(String... options) {
        return Stream.of(options)
                .flatMap(
                        option ->
                                refusedAsCount()
                                        .map(c -> arguments(option, c.get()[0], c.get()[1])));
    }
}
