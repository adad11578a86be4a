package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.wav2vec2spark.jobs.cli.OptionSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job's options table in README.md, read back for the tests that hold it to the code: the rows
 * ({@code | `--name VALUE` | default | meaning |}) of one {@code ## } section, so that a row of
 * another job's table further down cannot stand in for a missing one.
 */
final class ReadmeOptionsTable {

    private ReadmeOptionsTable() {}

    /**
     * The option names of the table in the section with this heading, each with its default column,
     * code spans unwrapped.
     */
    static Map<String, String> defaults(String heading) throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("\n## " + heading + "\n");
        assertThat(start).as("README section '## %s'", heading).isNotNegative();
        String section = readme.substring(start + 1);
        int end = section.indexOf("\n## ");
        section = end < 0 ? section : section.substring(0, end);
        Map<String, String> defaults = new LinkedHashMap<>();
        for (String line : section.lines().filter(l -> l.startsWith("| `--")).toList()) {
            String[] cells = line.split("(?<!\\\\)\\|");
            String name = cells[1].strip().replace("`", "").split(" ")[0].substring(2);
            defaults.put(name, cells[2].strip().replace("`", ""));
        }
        return defaults;
    }

    /**
     * Asserts that the section's table lists exactly these options, and for each option with a
     * default in the code, that default.
     */
    static void assertDocuments(String heading, List<OptionSpec> options) throws IOException {
        Map<String, String> defaults = defaults(heading);
        for (OptionSpec option : options) {
            assertThat(defaults)
                    .as("rows of the README's table in '%s'", heading)
                    .containsKey(option.name());
            if (option.defaultValue() != null) {
                assertThat(defaults.get(option.name()))
                        .as("README default of --%s in '%s'", option.name(), heading)
                        .isEqualTo(option.defaultValue());
            }
        }
        assertThat(defaults.keySet())
                .as("README rows in '%s' of options the job does not take", heading)
                .containsExactlyInAnyOrderElementsOf(
                        options.stream().map(OptionSpec::name).toList());
    }
}
