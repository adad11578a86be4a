package org.wav2vec2spark.jobs;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Parses the evaluate job's command line into {@link EvaluateOptions}.
 *
 * <p>Precedence, highest first: options on the command line, then the preset named by {@code
 * --config FILE} (a properties file whose keys are option names, e.g. {@code splits =
 * test-clean,test-other}), then the defaults in {@link #OPTIONS}. Preset keys under {@code
 * expect.}, {@code regression.} and {@code bootstrap.} belong to the nightly job ({@link
 * NightlyPreset}) and are skipped here. Every mistake is an {@link IllegalArgumentException} whose
 * message names the option, the expected and the actual value, so the job stops before any Spark
 * work. This class runs on the driver only.
 */
public final class EvaluateOptionsParser {

    /** Every option the evaluate job takes, with its default. */
    public static final List<OptionSpec> OPTIONS =
            List.of(
                    new OptionSpec(
                            "data",
                            "URI",
                            null,
                            "LibriSpeech data root, the folder holding the split folders (file:,"
                                    + " hdfs:, s3a: ...); or LibriSpeech .tar/.tar.gz archives or"
                                    + " librispeech_asr Parquet files, comma-separated or in one"
                                    + " folder"),
                    new OptionSpec(
                            "model",
                            "DIR",
                            null,
                            "model directory: model.pt (TorchScript), vocab.json, model.json"),
                    new OptionSpec(
                            "output",
                            "URI",
                            null,
                            "output folder: utterances/ (Parquet) and summary.json"),
                    new OptionSpec(
                            "splits",
                            "A,B",
                            "all split folders",
                            "splits to evaluate, e.g. test-clean,test-other"),
                    new OptionSpec(
                            "master", "URL", "spark-submit's, else local[*]", "Spark master"),
                    new OptionSpec(
                            "max-failed-fraction",
                            "F",
                            "0",
                            "fail the job (exit 1) when more than this fraction of utterances"
                                    + " failed"),
                    new OptionSpec(
                            "batch-samples",
                            "N",
                            "0",
                            "padded samples per model batch (960000 = 60 s of 16 kHz audio); 0 ="
                                    + " one utterance per batch, as the model card, unless"
                                    + " model.json says exact_batching"),
                    new OptionSpec(
                            "partitions",
                            "N",
                            "0",
                            "evaluation partitions; 0 = max(default parallelism, utterances /"
                                    + " 200)"),
                    new OptionSpec(
                            "device",
                            "auto|cpu|gpu",
                            "auto",
                            "where the model runs; auto takes GPU 0 when one is visible"),
                    new OptionSpec(
                            "torch-threads",
                            "N",
                            "0",
                            "libtorch intra-op threads per executor JVM; 0 = libtorch's default"),
                    new OptionSpec(
                            "overwrite", null, null, "replace the output folder if it exists"),
                    new OptionSpec("conf", "KEY=VALUE", null, "extra Spark setting (repeatable)"),
                    new OptionSpec(
                            "config",
                            "FILE",
                            null,
                            "preset: a properties file of these options (see conf/)"),
                    new OptionSpec("help", null, null, "print this help"));

    private static final Set<String> NAMES =
            OPTIONS.stream().map(OptionSpec::name).collect(Collectors.toUnmodifiableSet());

    private EvaluateOptionsParser() {}

    /** Thrown for {@code --help}: the caller prints {@link #usage()} and exits 0. */
    public static final class HelpRequested extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HelpRequested() {
            super("help requested");
        }
    }

    /**
     * Parses the arguments.
     *
     * @throws IllegalArgumentException on any mistake, with a message naming it
     * @throws HelpRequested when {@code --help} is given
     */
    public static EvaluateOptions parse(String... args) {
        Map<String, String> cli = new LinkedHashMap<>();
        Map<String, String> sparkConf = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException(
                        "Unexpected argument '" + arg + "'; options start with --");
            }
            String name = arg.substring(2);
            String value = null;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            OptionSpec spec = spec(name);
            if (spec.isFlag()) {
                if (value != null) {
                    throw new IllegalArgumentException(
                            "--" + name + " takes no value, got '" + value + "'");
                }
                value = "true";
            } else if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(
                            "--" + name + " needs a value: " + spec.valueName());
                }
                value = args[++i];
            }
            if (name.equals("help")) {
                throw new HelpRequested();
            }
            if (name.equals("conf")) {
                putSparkConf(sparkConf, value);
            } else {
                cli.put(name, value);
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        if (cli.containsKey("config")) {
            values.putAll(readPreset(Path.of(cli.get("config"))));
        }
        values.putAll(cli);
        return build(values, sparkConf);
    }

    /** The {@code --help} text. */
    public static String usage() {
        StringBuilder out =
                new StringBuilder(
                        "Usage: evaluate --data URI --model DIR --output URI [options]\n\n"
                                + "Options:\n");
        for (OptionSpec option : OPTIONS) {
            String left = "--" + option.name() + (option.isFlag() ? "" : " " + option.valueName());
            out.append(
                    String.format(
                            "  %-32s %s%s%n",
                            left,
                            option.description(),
                            option.defaultValue() == null
                                    ? ""
                                    : " (default: " + option.defaultValue() + ")"));
        }
        return out.toString();
    }

    private static EvaluateOptions build(
            Map<String, String> values, Map<String, String> sparkConf) {
        double maxFailed = parseDouble(values, "max-failed-fraction", "0");
        if (!(maxFailed >= 0 && maxFailed <= 1)) {
            throw new IllegalArgumentException(
                    "--max-failed-fraction must be between 0 and 1, got " + maxFailed);
        }
        long batchSamples = parseLong(values, "batch-samples", "0");
        if (batchSamples < 0) {
            throw new IllegalArgumentException("--batch-samples must be >= 0, got " + batchSamples);
        }
        int partitions = (int) parseLong(values, "partitions", "0");
        if (partitions < 0) {
            throw new IllegalArgumentException("--partitions must be >= 0, got " + partitions);
        }
        int torchThreads = (int) parseLong(values, "torch-threads", "0");
        if (torchThreads < 0) {
            throw new IllegalArgumentException("--torch-threads must be >= 0, got " + torchThreads);
        }
        String device = values.getOrDefault("device", "auto");
        if (!List.of("auto", "cpu", "gpu").contains(device)) {
            throw new IllegalArgumentException(
                    "--device must be auto, cpu or gpu, got '" + device + "'");
        }
        List<String> splits =
                values.containsKey("splits")
                        ? Arrays.stream(values.get("splits").split(","))
                                .map(String::strip)
                                .filter(s -> !s.isEmpty())
                                .toList()
                        : List.of();
        return new EvaluateOptions(
                required(values, "data"),
                required(values, "model"),
                required(values, "output"),
                splits,
                values.get("master"),
                maxFailed,
                batchSamples,
                partitions,
                device,
                torchThreads,
                Boolean.parseBoolean(values.getOrDefault("overwrite", "false")),
                Map.copyOf(sparkConf));
    }

    private static OptionSpec spec(String name) {
        return OPTIONS.stream()
                .filter(o -> o.name().equals(name))
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "Unknown option --"
                                                + name
                                                + "; valid options: "
                                                + OPTIONS.stream()
                                                        .map(o -> "--" + o.name())
                                                        .collect(Collectors.joining(", "))));
    }

    private static void putSparkConf(Map<String, String> sparkConf, String setting) {
        int equals = setting.indexOf('=');
        if (equals <= 0) {
            throw new IllegalArgumentException("--conf expects KEY=VALUE, got '" + setting + "'");
        }
        sparkConf.put(setting.substring(0, equals), setting.substring(equals + 1));
    }

    private static Map<String, String> readPreset(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "Cannot read preset --config " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (NightlyPreset.isNightlyKey(key)) {
                continue; // expect.*, regression.*, bootstrap.*: read by the nightly job
            }
            if (!NAMES.contains(key)
                    || key.equals("config")
                    || key.equals("help")
                    || key.equals("conf")) {
                throw new IllegalArgumentException(
                        "Preset "
                                + file
                                + " has unknown key '"
                                + key
                                + "'; keys are option names such as data, model, splits");
            }
            values.put(key, properties.getProperty(key).strip());
        }
        return values;
    }

    private static String required(Map<String, String> values, String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required (see --help)");
        }
        return value;
    }

    private static double parseDouble(Map<String, String> values, String name, String fallback) {
        String value = values.getOrDefault(name, fallback);
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "--" + name + " expects a number, got '" + value + "'", e);
        }
    }

    private static long parseLong(Map<String, String> values, String name, String fallback) {
        String value = values.getOrDefault(name, fallback);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "--" + name + " expects a whole number, got '" + value + "'", e);
        }
    }
}
