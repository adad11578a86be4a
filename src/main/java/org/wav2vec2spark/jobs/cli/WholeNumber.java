package org.wav2vec2spark.jobs.cli;

import java.util.regex.Pattern;

/**
 * The one rule for whole numbers that options and presets share: ASCII digits with an optional
 * leading {@code +} or {@code -}, within the range of a {@code long}, white space around them
 * ignored. Anything else ({@code 1e6}, {@code 960_000}, {@code 1.0}, digits of other scripts) is an
 * error, so that a value means the same wherever it is written.
 */
public final class WholeNumber {
    private static final Pattern FORM = Pattern.compile("[+-]?[0-9]+");

    private WholeNumber() {}

    /**
     * Parses a whole number.
     *
     * @param subject where the value came from, as the message names it: {@code --batch}, or {@code
     *     conf/nightly.properties: bootstrap.seed}
     * @param text the value as given
     * @return the number
     * @throws IllegalArgumentException naming the subject and the value when it is blank, not a
     *     whole number or out of range
     */
    public static long parse(String subject, String text) {
        String value = text.strip();
        if (value.isEmpty()) {
            throw new IllegalArgumentException(
                    subject + " expects a whole number, got an empty value");
        }
        if (!FORM.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    subject + " expects a whole number, got '" + text + "'");
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    subject
                            + " expects a whole number from "
                            + Long.MIN_VALUE
                            + " to "
                            + Long.MAX_VALUE
                            + ", got '"
                            + text
                            + "'",
                    e);
        }
    }
}
