package org.wav2vec2spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Every public and protected type, constructor, method and field of the main tree has a Javadoc
 * comment, as {@code STYLE.md} asks. The check is javac's own doclint ("missing" group, protected
 * and up) over {@code src/main/java}. Its complaints about absent param, return and throws tags are
 * left out: we ask for a sentence that says what a thing is and why, not a tag per parameter.
 */
class JavadocCoverageTest {

    @Test
    void everyPublicMemberHasAComment(@TempDir Path classes) throws IOException {
        List<String> missing = undocumented(Path.of("src/main/java"), classes);
        assertThat(missing).as("public or protected members without a Javadoc comment").isEmpty();
    }

    @Test
    void findsAnUndocumentedPublicMethod(@TempDir Path work) throws IOException {
        // The check above is only worth something if doclint really runs: an undocumented method
        // must be reported, a documented one not.
        Path sources = work.resolve("src/example");
        Files.createDirectories(sources);
        Files.writeString(
                sources.resolve("Example.java"),
                """
                package example;

                /** Documented. */
                public final class Example {
                    /** Documented. */
                    public int documented() { return 1; }

                    public int undocumented() { return 2; }
                }
                """);
        Path classes = Files.createDirectories(work.resolve("classes"));

        List<String> missing = undocumented(work.resolve("src"), classes);

        assertThat(missing).singleElement().asString().isEqualTo("example/Example.java:8");
    }

    private static List<String> undocumented(Path sourceRoot, Path classes) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files =
                        compiler.getStandardFileManager(diagnostics, Locale.ROOT, null);
                Stream<Path> walk = Files.walk(sourceRoot)) {
            List<Path> sources = walk.filter(p -> p.toString().endsWith(".java")).toList();
            List<String> options =
                    List.of(
                            "-Xdoclint:missing/protected",
                            "-Xmaxwarns",
                            "100000",
                            "-proc:none",
                            "-implicit:none",
                            "-classpath",
                            System.getProperty("java.class.path"),
                            "-d",
                            classes.toString());
            boolean compiled =
                    compiler.getTask(
                                    null,
                                    files,
                                    diagnostics,
                                    options,
                                    null,
                                    files.getJavaFileObjectsFromPaths(sources))
                            .call();
            assertThat(compiled)
                    .as("the sources compile: %s", diagnostics.getDiagnostics())
                    .isTrue();
        }
        List<String> missing = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            String message = d.getMessage(Locale.ROOT);
            if (d.getKind() == Diagnostic.Kind.WARNING
                    && message.startsWith("no comment")
                    && d.getSource() != null) {
                Path file = Path.of(d.getSource().toUri());
                missing.add(sourceRoot.toAbsolutePath().relativize(file) + ":" + d.getLineNumber());
            }
        }
        return missing;
    }
}
