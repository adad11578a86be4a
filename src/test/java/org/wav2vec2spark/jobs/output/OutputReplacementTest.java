package org.wav2vec2spark.jobs.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ShutdownHookManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wav2vec2spark.jobs.output.RefusingFileSystems.RefusesDelete;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The old output survives a failed run and goes once a run succeeds. */
class OutputReplacementTest {
    @TempDir Path dir;

    @Test
    void aFailedRunPutsTheOldOutputBack() throws IOException {
        Path output = oldOutput();

        OutputReplacement replacement =
                OutputReplacement.moveAside(new Configuration(), output.toUri().toString());
        assertThat(output).doesNotExist();
        Files.createDirectories(output.resolve("utterances"));
        Files.writeString(output.resolve("utterances/part-0"), "half written");
        replacement.failed();

        assertThat(output.resolve("summary.json")).hasContent("old");
        assertThat(output.resolve("utterances/part-0")).doesNotExist();
        assertThat(entries()).containsExactly("out");
    }

    @Test
    void anOutputWithAColonInItsNameIsMovedAsideAndBack() throws IOException {
        // Hadoop reads "eval:1" in a child path's name as a URI scheme.
        Path output = Files.createDirectories(dir.resolve("eval 2026-12-03T14:00"));
        Files.writeString(output.resolve("summary.json"), "old");

        OutputReplacement replacement =
                OutputReplacement.moveAside(new Configuration(), output.toString());
        assertThat(output).doesNotExist();
        replacement.failed();

        assertThat(output.resolve("summary.json")).hasContent("old");
    }

    @Test
    void aRunStoppedByTheJvmsShutdownPutsTheOldOutputBackFromItsHook() throws IOException {
        // Ctrl-C: the JVM halts once its hooks have run, before the writing's failure reaches
        // failed(); the hook puts the old output back, and a late failed() changes nothing.
        Path output = oldOutput();
        OutputReplacement replacement =
                OutputReplacement.moveAside(new Configuration(), output.toUri().toString());
        assertThat(ShutdownHookManager.get().hasShutdownHook(replacement.shutdownHook())).isTrue();
        Files.createDirectories(output.resolve("utterances"));
        Files.writeString(output.resolve("utterances/part-0"), "half written");

        replacement.stoppedByShutdown();
        replacement.failed();

        assertThat(output.resolve("summary.json")).hasContent("old");
        assertThat(output.resolve("utterances/part-0")).doesNotExist();
        assertThat(entries()).containsExactly("out");
        assertThat(ShutdownHookManager.get().hasShutdownHook(replacement.shutdownHook())).isFalse();
    }

    @Test
    void aShutdownAfterTheRunSucceededKeepsTheNewOutput() throws IOException {
        Path output = oldOutput();
        OutputReplacement replacement =
                OutputReplacement.moveAside(new Configuration(), output.toUri().toString());
        Files.createDirectories(output);
        Files.writeString(output.resolve("summary.json"), "new");
        replacement.succeeded();

        replacement.stoppedByShutdown();

        assertThat(output.resolve("summary.json")).hasContent("new");
        assertThat(entries()).containsExactly("out");
        assertThat(ShutdownHookManager.get().hasShutdownHook(replacement.shutdownHook())).isFalse();
    }

    @Test
    void aSuccessfulRunDeletesTheOldOutput() throws IOException {
        Path output = oldOutput();

        OutputReplacement replacement =
                OutputReplacement.moveAside(new Configuration(), output.toUri().toString());
        Files.createDirectories(output);
        Files.writeString(output.resolve("summary.json"), "new");
        replacement.succeeded();

        assertThat(output.resolve("summary.json")).hasContent("new");
        assertThat(entries()).containsExactly("out");
    }

    @Test
    void writingThatThrowsLeavesTheOldOutputInPlace() throws IOException {
        Path output = oldOutput();
        IOException failure = new IOException("disk full");

        assertThatThrownBy(
                        () ->
                                OutputReplacement.writeReplacing(
                                        new Configuration(),
                                        output.toUri().toString(),
                                        true,
                                        () -> {
                                            Files.createDirectories(output);
                                            Files.writeString(
                                                    output.resolve("summary.json"), "half");
                                            throw failure;
                                        }))
                .isInstanceOf(OutputWriteException.class)
                .hasMessage("Cannot write the output " + output.toUri() + ": disk full")
                .hasCause(failure);

        assertThat(output.resolve("summary.json")).hasContent("old");
        assertThat(entries()).containsExactly("out");
    }

    @Test
    void writingThatReturnsReplacesTheOldOutput() throws IOException {
        Path output = oldOutput();

        String result = writeNewSummary(new Configuration(), output.toUri().toString(), output);

        assertThat(result).isEqualTo("written");
        assertThat(output.resolve("summary.json")).hasContent("new");
        assertThat(entries()).containsExactly("out");
    }

    @Test
    void anEarlierOutputThatCannotBeDeletedDoesNotFailTheFinishedRun() throws IOException {
        Path output = oldOutput();

        String result =
                writeNewSummary(
                        RefusingFileSystems.configuration(RefusesDelete.class),
                        RefusingFileSystems.uri(RefusesDelete.class, output),
                        output);

        assertThat(result).isEqualTo("written");
        assertThat(output.resolve("summary.json")).hasContent("new");
        // The earlier output stays beside it, moved aside, for whoever reads the warning.
        assertThat(entries()).hasSize(2).contains("out");
    }

    @Test
    void nothingToReplaceDoesNothing() throws IOException {
        OutputReplacement.NONE.failed();
        OutputReplacement.NONE.succeeded();

        assertThat(entries()).isEmpty();
    }

    private Path oldOutput() throws IOException {
        Path output = Files.createDirectories(dir.resolve("out"));
        Files.writeString(output.resolve("summary.json"), "old");
        return output;
    }

    /** Replaces the folder with one holding a new summary.json, as a successful run does. */
    private static String writeNewSummary(Configuration conf, String uri, Path output)
            throws IOException {
        return OutputReplacement.writeReplacing(
                conf,
                uri,
                true,
                () -> {
                    Files.createDirectories(output);
                    Files.writeString(output.resolve("summary.json"), "new");
                    return "written";
                });
    }

    /** Everything in the scratch folder, hidden entries included. */
    private List<String> entries() throws IOException {
        try (Stream<Path> names = Files.list(dir)) {
            return names.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
