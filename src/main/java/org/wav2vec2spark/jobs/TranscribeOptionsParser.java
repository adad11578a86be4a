package org.wav2vec2spark.jobs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Parses the transcribe job's command line into {@link TranscribeOptions}.
 *
 * <p>Options come from the command line or the defaults in {@link #OPTIONS}. {@code --input} takes
 * one or more URIs (every argument up to the next option) and may be repeated. Every mistake is an
 * {@link IllegalArgumentException} naming the option, the expected and the actual value, so the job
 * stops before any Spark work. This class runs on the driver only.
 */
public final class TranscribeOptionsParser {

    /** Default window length in seconds for long recordings. */
    public static final double CHUNK_SECONDS_DEFAULT = 30;

    /** Every option the transcribe job takes, with its default. */
    public static final List<OptionSpec> OPTIONS =
            List.of(
                    new OptionSpec(
                            "input",
                            "URI...",
                            null,
                            "folders (searched recursively for .flac/.wav), recordings, .tar or"
                                    + " .tar.gz archives; or librispeech_asr Parquet files or"
                                    + " folders holding them; repeatable"),
                    new OptionSpec(
                            "model",
                            "DIR",
                            null,
                            "model directory: model.pt (TorchScript), vocab.json, model.json"),
                    new OptionSpec(
                            "output",
                            "URI",
                            null,
                            "output folder; each run adds a committed run=<n>/ and skips recordings"
                                    + " earlier runs transcribed"),
                    new OptionSpec("format", "parquet|jsonl", "parquet", "output file format"),
                    new OptionSpec(
                            "chunk-seconds",
                            "S",
                            "30",
                            "window for long recordings, as the transformers pipeline's"
                                    + " chunk_length_s; 0 = whole recordings"),
                    new OptionSpec(
                            "stride-seconds",
                            "S",
                            "chunk-seconds / 6",
                            "context dropped on each side of a window (stride_length_s)"),
                    new OptionSpec(
                            "word-times",
                            null,
                            null,
                            "add per-word start/end seconds from the CTC frames (20 ms each)"),
                    new OptionSpec(
                            "master", "URL", "spark-submit's, else local[*]", "Spark master"),
                    new OptionSpec(
                            "batch-samples",
                            "N",
                            "960000",
                            "samples per model call (960000 = 60 s of 16 kHz audio)"),
                    new OptionSpec(
                            "partitions",
                            "N",
                            "0",
                            "partitions for plain recordings; 0 = max(default parallelism,"
                                    + " recordings / 200); each archive is one more"),
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
                    new OptionSpec("conf", "KEY=VALUE", null, "extra Spark setting (repeatable)"),
                    new OptionSpec("help", null, null, "print this help"));

    private TranscribeOptionsParser() {}

    /**
     * Parses the arguments.
     *
     * @throws IllegalArgumentException on any mistake, with a message naming it
     * @throws EvaluateOptionsParser.HelpRequested when {@code --help} is given
     */
    public static TranscribeOptions parse(String... args) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> sparkConf = new LinkedHashMap<>();
        List<String> inputs = new ArrayList<>();
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
                if (name.equals("help")) {
                    throw new EvaluateOptionsParser.HelpRequested();
                }
                values.put(name, "true");
                continue;
            }
            if (name.equals("input")) {
                if (value != null) {
                    inputs.add(value);
                }
                while (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                    inputs.add(args[++i]);
                }
                if (inputs.isEmpty()) {
                    throw new IllegalArgumentException("--input needs a value: URI...");
                }
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(
                            "--" + name + " needs a value: " + spec.valueName());
                }
                value = args[++i];
            }
            if (name.equals("conf")) {
                int eq = value.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException(
                            "--conf expects KEY=VALUE, got '" + value + "'");
                }
                sparkConf.put(value.substring(0, eq), value.substring(eq + 1));
            } else {
                values.put(name, value);
            }
        }
        return build(inputs, values, sparkConf);
    }

    /** The {@code --help} text. */
    public static String usage() {
        StringBuilder out =
                new StringBuilder(
                        "Usage: transcribe --input URI... --model DIR --output URI [options]\n\n"
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

    private static TranscribeOptions build(
            List<String> inputs, Map<String, String> values, Map<String, String> sparkConf) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("--input is required (see --help)");
        }
        String format = values.getOrDefault("format", "parquet");
        if (!List.of("parquet", "jsonl").contains(format)) {
            throw new IllegalArgumentException(
                    "--format must be parquet or jsonl, got '" + format + "'");
        }
        double chunk = parseDouble(values, "chunk-seconds", CHUNK_SECONDS_DEFAULT);
        if (!(chunk >= 0) || Double.isInfinite(chunk)) {
            throw new IllegalArgumentException("--chunk-seconds must be >= 0, got " + chunk);
        }
        double stride = parseDouble(values, "stride-seconds", chunk / 6);
        if (!(stride >= 0) || (chunk > 0 && 2 * stride >= chunk)) {
            throw new IllegalArgumentException(
                    "--stride-seconds must be >= 0 and less than half of --chunk-seconds "
                            + chunk
                            + ", got "
                            + stride);
        }
        long batchSamples = (long) parseDouble(values, "batch-samples", 960_000);
        if (batchSamples <= 0) {
            throw new IllegalArgumentException("--batch-samples must be > 0, got " + batchSamples);
        }
        int partitions = (int) parseDouble(values, "partitions", 0);
        if (partitions < 0) {
            throw new IllegalArgumentException("--partitions must be >= 0, got " + partitions);
        }
        int torchThreads = (int) parseDouble(values, "torch-threads", 0);
        if (torchThreads < 0) {
            throw new IllegalArgumentException("--torch-threads must be >= 0, got " + torchThreads);
        }
        String device = values.getOrDefault("device", "auto");
        if (!List.of("auto", "cpu", "gpu").contains(device)) {
            throw new IllegalArgumentException(
                    "--device must be auto, cpu or gpu, got '" + device + "'");
        }
        return new TranscribeOptions(
                List.copyOf(inputs),
                required(values, "model"),
                required(values, "output"),
                format,
                chunk,
                stride,
                values.containsKey("word-times"),
                values.get("master"),
                batchSamples,
                partitions,
                device,
                torchThreads,
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

    private static String required(Map<String, String> values, String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required (see --help)");
        }
        return value;
    }

    private static double parseDouble(Map<String, String> values, String name, double fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "--" + name + " expects a number, got '" + value + "'", e);
        }
    }
}
