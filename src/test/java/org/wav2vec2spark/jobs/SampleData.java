package org.wav2vec2spark.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The bundled samples and model, and facts about them read independently of the job's code. */
final class SampleData {
    static final Path ROOT = Path.of("data-samples/LibriSpeech").toAbsolutePath();
    static final Path MODEL = Path.of("data-samples/model").toAbsolutePath();

    /**
     * Error rates the bundled model must stay at or below on the bundled samples: its measured
     * rates (README, "Bundled data and model") plus a margin for libtorch builds. Joining each
     * hypothesis to another utterance's reference gives a CER above 0.7 (EvaluateJobTest), so a
     * mis-joined reference, a dropped utterance or a decoding bug cannot pass. Issue 3's targets
     * (WER 10% clean, 30% other) are not met yet: see the README.
     */
    private static final Map<String, double[]> MAX_WER_CER =
            Map.of(
                    "test-clean",
                    new double[] {0.28, 0.09},
                    "test-other",
                    new double[] {0.82, 0.34});

    private SampleData() {}

    /** The WER bound of a bundled split (see {@link #MAX_WER_CER}). */
    static double maxWer(String split) {
        return bounds(split)[0];
    }

    /** The CER bound of a bundled split (see {@link #MAX_WER_CER}). */
    static double maxCer(String split) {
        return bounds(split)[1];
    }

    private static double[] bounds(String split) {
        double[] bounds = MAX_WER_CER.get(split);
        if (bounds == null) {
            throw new IllegalArgumentException(
                    "No error-rate bounds for split "
                            + split
                            + "; bundled: "
                            + MAX_WER_CER.keySet());
        }
        return bounds;
    }

    /**
     * Reference word counts per split, counted from the trans.txt files with plain string
     * splitting.
     */
    static Map<String, Long> referenceWordsBySplit(Path root) {
        Map<String, Long> words = new HashMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".trans.txt")).toList()) {
                String split = root.relativize(file).getName(0).toString();
                for (String line : Files.readAllLines(file)) {
                    String[] parts = line.strip().split("\\s+");
                    words.merge(split, (long) parts.length - 1, Long::sum);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return words;
    }

    /** The reference of one sample utterance, read from its chapter's trans.txt. */
    static String reference(Path flac) {
        String id = flac.getFileName().toString().replace(".flac", "");
        String chapter = id.substring(0, id.lastIndexOf('-'));
        try {
            for (String line : Files.readAllLines(flac.resolveSibling(chapter + ".trans.txt"))) {
                if (line.startsWith(id + " ")) {
                    return line.substring(id.length() + 1);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalArgumentException("No reference for " + flac);
    }

    /** FLAC files per split. */
    static Map<String, Long> utterancesBySplit(Path root) {
        Map<String, Long> counts = new HashMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".flac")).toList()) {
                counts.merge(root.relativize(file).getName(0).toString(), 1L, Long::sum);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counts;
    }

    /** The first test-clean utterance's FLAC file, in path order. */
    static Path firstUtterance() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT.resolve("test-clean"))) {
            return files.filter(f -> f.toString().endsWith(".flac"))
                    .sorted()
                    .findFirst()
                    .orElseThrow();
        }
    }

    /** Copies the sample tree so a test can damage it. */
    static Path copyTo(Path target) throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path source : files.toList()) {
                Path destination = target.resolve(ROOT.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(source, destination);
                }
            }
        }
        return target;
    }

    /** Copies the bundled model's files into {@code target} (created if needed), to edit them. */
    static Path copyModelTo(Path target) throws IOException {
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(MODEL)) {
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        }
        return target;
    }

    /**
     * Evaluate options for a test run with the bundled model on CPU.
     *
     * @param data the {@code --data} value
     * @param output the {@code --output} folder
     * @param extra further options
     */
    static EvaluateOptions evaluateOptions(String data, Path output, String... extra) {
        List<String> args =
                new java.util.ArrayList<>(List.of("--data", data, "--output", output.toString()));
        // The bundled model on the CPU, unless the test names its own (the parser refuses an
        // option given twice).
        List<String> given = List.of(extra);
        if (!given.contains("--model")) {
            args.addAll(List.of("--model", MODEL.toString()));
        }
        if (!given.contains("--device")) {
            args.addAll(List.of("--device", "cpu"));
        }
        args.addAll(given);
        return EvaluateOptionsParser.parse(args.toArray(String[]::new));
    }

    static List<String> splits() {
        return List.of("test-clean", "test-other");
    }
}
