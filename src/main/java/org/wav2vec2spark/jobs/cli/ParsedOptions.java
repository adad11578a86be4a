package org.wav2vec2spark.jobs.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values an {@link OptionTable} read, with typed access whose errors name the option, the
 * expected and the actual value.
 */
public final class ParsedOptions {
    private final Map<String, List<String>> values;
    private final Map<String, String> subjects;
    private final List<String> defaulted;

    ParsedOptions(Map<String, List<String>> values) {
        this(values, Map.of(), List.of());
    }

    private ParsedOptions(
            Map<String, List<String>> values,
            Map<String, String> subjects,
            List<String> defaulted) {
        this.values = Map.copyOf(values);
        this.subjects = Map.copyOf(subjects);
        this.defaulted = List.copyOf(defaulted);
    }

    /**
     * These values over lower-precedence ones (a preset, say): an option given here wins, any other
     * takes its value from {@code lower}, and its errors name {@code source} and the key.
     *
     * @param lower option names and values, such as a preset file's keys
     * @param source where {@code lower} came from, as errors name it: the preset file, say
     * @return the merged values
     */
    public ParsedOptions over(Map<String, String> lower, String source) {
        Map<String, List<String>> merged = new LinkedHashMap<>();
        Map<String, String> mergedSubjects = new LinkedHashMap<>(subjects);
        lower.forEach(
                (name, value) -> {
                    merged.put(name, List.of(value));
                    if (!has(name)) {
                        mergedSubjects.put(name, source + ": " + name);
                    }
                });
        merged.putAll(values);
        return new ParsedOptions(merged, mergedSubjects, defaulted);
    }

    /**
     * These values with defaults for the options they lack: the lowest precedence, below the
     * command line and a preset merged with {@link #over}. {@link #defaultsTaken} says which
     * options took their default.
     *
     * @param defaults option names and default values, in the order to report them
     * @return the values with the defaults added
     */
    public ParsedOptions orDefaults(Map<String, String> defaults) {
        Map<String, List<String>> merged = new LinkedHashMap<>(values);
        List<String> taken = new ArrayList<>(defaulted);
        defaults.forEach(
                (name, value) -> {
                    if (!has(name)) {
                        merged.put(name, List.of(value));
                        taken.add(name);
                    }
                });
        return new ParsedOptions(merged, subjects, taken);
    }

    /**
     * The options that took their value from {@link #orDefaults}, in its order, with the values
     * they took.
     */
    public Map<String, String> defaultsTaken() {
        Map<String, String> taken = new LinkedHashMap<>();
        defaulted.forEach(name -> taken.put(name, get(name)));
        return Collections.unmodifiableMap(taken);
    }

    /**
     * The option as errors about its value name it: {@code --name} when given on the command line,
     * {@code FILE: name} when its value came from a preset.
     */
    public String subject(String name) {
        return subjects.getOrDefault(name, "--" + name);
    }

    /** Whether the option was given. */
    public boolean has(String name) {
        return values.containsKey(name) && !values.get(name).isEmpty();
    }

    /** The option's last value, or {@code null}. */
    public String get(String name) {
        List<String> given = values.get(name);
        return given == null || given.isEmpty() ? null : given.get(given.size() - 1);
    }

    /**
     * The value of an option that may be left out, or {@code null}; an error when it is given blank
     * ({@code --output ''}), which is a mistake rather than a choice.
     */
    public String optional(String name) {
        String value = get(name);
        if (value != null && value.isBlank()) {
            throw new IllegalArgumentException(
                    subject(name) + " got an empty value; give one or leave the option out");
        }
        return value;
    }

    /** The option's last value, or the fallback. */
    public String getOrDefault(String name, String fallback) {
        String value = get(name);
        return value != null ? value : fallback;
    }

    /** Every value of a repeatable or multi-value option, in order. */
    public List<String> all(String name) {
        return List.copyOf(values.getOrDefault(name, List.of()));
    }

    /**
     * The option's value; an error when it is missing, or blank (which names where the blank came
     * from: {@code --name=} or a preset's {@code name =} line).
     */
    public String required(String name) {
        String value = get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required (see --help)");
        }
        if (value.isBlank()) {
            throw new IllegalArgumentException(subject(name) + " is required, got an empty value");
        }
        return value;
    }

    /** A whole number ({@link WholeNumber}), or the fallback when the option is absent. */
    public long wholeNumber(String name, long fallback) {
        String value = get(name);
        if (value == null) {
            return fallback;
        }
        return WholeNumber.parse(subject(name), value);
    }

    /** A number, or the fallback when the option is absent. */
    public double number(String name, double fallback) {
        String value = get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    subject(name) + " expects a number, got '" + value + "'", e);
        }
    }

    /** A whole number >= 0, or the fallback when the option is absent. */
    public long nonNegativeWholeNumber(String name, long fallback) {
        long value = wholeNumber(name, fallback);
        if (value < 0) {
            throw new IllegalArgumentException(subject(name) + " must be >= 0, got " + value);
        }
        return value;
    }

    /**
     * A whole number from {@code min} to {@code max}, or the fallback when the option is absent:
     * for values held in an {@code int}, which a cast would wrap ({@code 4294967296} to 0).
     */
    public int wholeNumberWithin(String name, int fallback, int min, int max) {
        long value = wholeNumber(name, fallback);
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    subject(name) + " must be from " + min + " to " + max + ", got " + value);
        }
        return (int) value;
    }

    /** A number >= 0 (not NaN), or the fallback when the option is absent. */
    public double nonNegativeNumber(String name, double fallback) {
        double value = number(name, fallback);
        if (!(value >= 0)) {
            throw new IllegalArgumentException(subject(name) + " must be >= 0, got " + value);
        }
        return value;
    }

    /** A fraction from 0 to 1 (not NaN), or the fallback when the option is absent. */
    public double fraction(String name, double fallback) {
        double value = number(name, fallback);
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(
                    subject(name) + " must be between 0 and 1, got " + value);
        }
        return value;
    }

    /** One of the allowed words, or the fallback when the option is absent. */
    public String oneOf(String name, String fallback, List<String> allowed) {
        String value = getOrDefault(name, fallback);
        if (!allowed.contains(value)) {
            throw new IllegalArgumentException(
                    subject(name)
                            + " must be "
                            + String.join(", ", allowed.subList(0, allowed.size() - 1))
                            + " or "
                            + allowed.get(allowed.size() - 1)
                            + ", got '"
                            + value
                            + "'");
        }
        return value;
    }

    /** The {@code KEY=VALUE} values of a repeatable option such as {@code --conf}. */
    public Map<String, String> keyValues(String name) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String setting : all(name)) {
            int equals = setting.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException(
                        subject(name) + " expects KEY=VALUE, got '" + setting + "'");
            }
            pairs.put(setting.substring(0, equals), setting.substring(equals + 1));
        }
        return pairs;
    }
}
