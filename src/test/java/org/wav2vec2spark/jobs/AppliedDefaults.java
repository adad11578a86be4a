package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.wav2vec2spark.jobs.cli.OptionSpec;

import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Locale;

/**
 * Holds a parser to the defaults its options table shows ({@code --help} and the README): each
 * parser writes a default twice, in the table and where it applies it, and the two can drift.
 */
final class AppliedDefaults {

    private AppliedDefaults() {}

    /**
     * Checks every option whose default is a plain value (a number or a word) against the record
     * component of the same name in camel case ({@code max-failed-fraction}: {@code
     * maxFailedFraction}). Defaults that describe a rule ({@code chunk-seconds / 6}) have no
     * component of a matching type and are passed over.
     *
     * @param options the parser's table
     * @param parsed what the parser made of a command line that leaves every defaulted option out
     * @param atLeast how many options must be compared, so that a renamed field cannot make the
     *     check pass on nothing
     */
    static void assertApplied(List<OptionSpec> options, Record parsed, int atLeast) {
        int compared = 0;
        for (OptionSpec option : options) {
            RecordComponent component = component(parsed, camelCase(option.name()));
            if (option.defaultValue() == null || component == null) {
                continue;
            }
            Object value = valueOf(component, parsed);
            if (value instanceof Number number && isNumber(option.defaultValue())) {
                assertThat(number.doubleValue())
                        .as("--%s: the table says %s", option.name(), option.defaultValue())
                        .isEqualTo(Double.parseDouble(option.defaultValue()));
                compared++;
            } else if ((value instanceof String || value instanceof Enum<?>)
                    && option.defaultValue().matches("[a-z]+")) {
                assertThat(value.toString().toLowerCase(Locale.ROOT))
                        .as("--%s: the table says %s", option.name(), option.defaultValue())
                        .isEqualTo(option.defaultValue());
                compared++;
            }
        }
        assertThat(compared)
                .as("options whose default was compared")
                .isGreaterThanOrEqualTo(atLeast);
    }

    private static RecordComponent component(Record parsed, String name) {
        for (RecordComponent component : parsed.getClass().getRecordComponents()) {
            if (component.getName().equals(name)) {
                return component;
            }
        }
        return null;
    }

    private static Object valueOf(RecordComponent component, Record parsed) {
        try {
            return component.getAccessor().invoke(parsed);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("Cannot read " + component.getName(), e);
        }
    }

    private static String camelCase(String option) {
        StringBuilder name = new StringBuilder();
        boolean upper = false;
        for (char c : option.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                name.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return name.toString();
    }

    private static boolean isNumber(String text) {
        try {
            Double.parseDouble(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
