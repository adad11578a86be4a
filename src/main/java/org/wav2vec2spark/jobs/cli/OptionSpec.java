package org.wav2vec2spark.jobs.cli;

/**
 * One command-line option: its name, the value it takes, its default and what it does. The README's
 * options table is checked against these.
 *
 * @param name option name without the leading dashes
 * @param valueName placeholder for its value, or {@code null} for a flag
 * @param defaultValue the default, or {@code null} when the option is required or has none
 * @param description one line for {@code --help}
 * @param repeatable whether the option may be given more than once, each value kept ({@code
 *     --conf}); a value name ending in {@code ...} takes several values, and may be repeated too
 */
public record OptionSpec(
        String name,
        String valueName,
        String defaultValue,
        String description,
        boolean repeatable) {

    /** An option given once at most, or one whose value name ends in {@code ...}. */
    public OptionSpec(String name, String valueName, String defaultValue, String description) {
        this(
                name,
                valueName,
                defaultValue,
                description,
                valueName != null && valueName.endsWith("..."));
    }

    /** Whether the option takes no value. */
    public boolean isFlag() {
        return valueName == null;
    }
}
