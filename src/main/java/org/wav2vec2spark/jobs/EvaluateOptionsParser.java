package org.wav2vec2spark.jobs;

import org.wav2vec2spark.jobs.cli.BundledDefaults;
import org.wav2vec2spark.jobs.cli.OptionSpec;
import org.wav2vec2spark.jobs.cli.OptionTable;
import org.wav2vec2spark.jobs.cli.ParsedOptions;
import org.wav2vec2spark.jobs.cli.SharedOptions;
import org.wav2vec2spark.jobs.cli.SparkMasterUrl;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Parses the evaluate job's command line into {@link EvaluateOptions}.
 *
 * <p>Precedence, highest first: options on the command line, then the preset named by {@code
 * --config FILE} (a properties file whose keys are option names, e.g. {@code splits =
 * test-clean,test-other}), then the defaults in {@link #OPTIONS}; those of {@code --data}, {@code
 * --model} and {@code --output} are the {@link BundledDefaults}, each taken on its own. Preset keys
 * under {@code expect.}, {@code regression.} and {@code bootstrap.} belong to the nightly job
 * ({@link NightlyPreset}) and are skipped here. Every mistake is an {@link
 * IllegalArgumentException} whose message names the option, the expected and the actual value, so
 * the job stops before any Spark work. This class runs on the driver only.
 */
public final class EvaluateOptionsParser {

    /** Every option the evaluate job takes, with its default. */
    public static final List<OptionSpec> OPTIONS =
            List.of(
                    new OptionSpec(
                            "data",
                            "URI",
                            "the bundled " + BundledDefaults.SAMPLES,
                            "LibriSpeech data root, the folder holding the split folders (file:,"
                                    + " hdfs:, s3a: ...); or LibriSpeech .tar/.tar.gz archives or"
                                    + " librispeech_asr Parquet files, comma-separated or in one"
                                    + " folder"),
                    SharedOptions.MODEL,
                    new OptionSpec(
                            "output",
                            "URI",
                            BundledDefaults.runFolderHelp("evaluate"),
                            "output folder: utterances/ (Parquet), utterances-json/, report.html"
                                    + " and summary.json"),
                    new OptionSpec(
                            "splits",
                            "A,B",
                            "all split folders",
                            "splits to evaluate, e.g. test-clean,test-other"),
                    SharedOptions.MASTER,
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
                                    + " model.json says exact_batching; 1 = one utterance per"
                                    + " batch whatever the model"),
                    new OptionSpec(
                            "length-bucket-seconds",
                            "S",
                            "auto",
                            "pad batches to a multiple of S seconds so their shapes repeat (needs"
                                    + " an exact-batching model); auto = 1 on a GPU with such a"
                                    + " model, else 0 = off"),
                    new OptionSpec(
                            "partitions",
                            "N",
                            "0",
                            "evaluation partitions; 0 = max(default parallelism, utterances /"
                                    + " 200)"),
                    SharedOptions.DEVICE,
                    SharedOptions.TORCH_THREADS,
                    new OptionSpec(
                            "max-utterance-seconds",
                            "S",
                            "60",
                            "longer utterances fail with a counted error instead of running out of"
                                    + " memory; 0 = no limit"),
                    new OptionSpec(
                            "prefetch-seconds",
                            "S",
                            "120",
                            "audio a reader thread per task decodes ahead of the model; 0 = read"
                                    + " on the task thread"),
                    new OptionSpec(
                            "overwrite",
                            null,
                            null,
                            "replace the output folder of an earlier run (not one holding"
                                    + " other files)"),
                    SharedOptions.CONF,
                    new OptionSpec(
                            "config",
                            "FILE",
                            null,
                            "preset: a properties file of these options (see conf/); relative"
                                    + " data, model and output paths in it are beside it"),
                    SharedOptions.HELP);

    private static final Set<String> NAMES =
            OPTIONS.stream().map(OptionSpec::name).collect(Collectors.toUnmodifiableSet());

    /** Options a preset cannot set. */
    private static final Set<String> PRESET_EXCLUDED = Set.of("config", "help", "conf");

    private static final OptionTable TABLE =
            new OptionTable(
                    "evaluate [--data URI] [--model DIR] [--output URI] [options]\n\n"
                            + BundledDefaults.HELP_NOTE,
                    OPTIONS);

    private EvaluateOptionsParser() {}

    private static double lengthBucketSeconds(ParsedOptions values) {
        try {
            return values.nonNegativeNumber("length-bucket-seconds", 0);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    values.subject("length-bucket-seconds")
                            + " expects auto or a number >= 0, got '"
                            + values.get("length-bucket-seconds")
                            + "'",
                    e);
        }
    }

    /**
     * Parses the arguments.
     *
     * @throws IllegalArgumentException on any mistake, with a message naming it
     * @throws OptionTable.HelpRequested when {@code --help} is given
     */
    public static EvaluateOptions parse(String... args) {
        return parse(BundledDefaults.fromEnvironment(), args);
    }

    /**
     * Parses the arguments, with these defaults for {@code --data}, {@code --model} and {@code
     * --output}.
     */
    static EvaluateOptions parse(BundledDefaults defaults, String... args) {
        ParsedOptions cli = TABLE.parse(args);
        ParsedOptions values =
                cli.has("config")
                        ? cli.over(readPreset(Path.of(cli.get("config"))), cli.get("config"))
                        : cli;
        return build(values.orDefaults(defaults.forJob("evaluate", "data")));
    }

    /** The {@code --help} text. */
    public static String usage() {
        return TABLE.usage();
    }

    private static EvaluateOptions build(ParsedOptions values) {
        double maxFailed = values.fraction("max-failed-fraction", 0);
        long batchSamples = values.nonNegativeWholeNumber("batch-samples", 0);
        double lengthBucketSeconds =
                "auto".equals(values.getOrDefault("length-bucket-seconds", "auto"))
                        ? EvaluateOptions.AUTO_LENGTH_BUCKET
                        : lengthBucketSeconds(values);
        int partitions = values.wholeNumberWithin("partitions", 0, 0, Integer.MAX_VALUE);
        int torchThreads = values.wholeNumberWithin("torch-threads", 0, 0, Integer.MAX_VALUE);
        double maxUtteranceSeconds = values.nonNegativeNumber("max-utterance-seconds", 60);
        double prefetchSeconds = values.nonNegativeNumber("prefetch-seconds", 120);
        List<String> splits =
                values.has("splits")
                        ? Arrays.stream(values.get("splits").split(","))
                                .map(String::strip)
                                .filter(s -> !s.isEmpty())
                                .toList()
                        : List.of();
        if (values.has("splits") && splits.isEmpty()) {
            throw new IllegalArgumentException(
                    values.subject("splits")
                            + " names no split, got '"
                            + values.get("splits")
                            + "'; leave it out to evaluate every split");
        }
        return new EvaluateOptions(
                values.required("data"),
                values.required("model"),
                values.required("output"),
                splits,
                SparkMasterUrl.require(values.subject("master"), values.get("master")),
                maxFailed,
                batchSamples,
                lengthBucketSeconds,
                partitions,
                SharedOptions.device(values),
                torchThreads,
                maxUtteranceSeconds,
                prefetchSeconds,
                // A preset says overwrite = true; anything but true or false is a mistake.
                "true".equals(values.oneOf("overwrite", "false", List.of("true", "false"))),
                Map.copyOf(values.keyValues("conf")),
                values.defaultsTaken(),
                optionNames(values));
    }

    /**
     * How errors after parsing name the options they are about: {@code --data}, or the preset key
     * the value came from.
     */
    private static Map<String, String> optionNames(ParsedOptions values) {
        return Stream.concat(
                        PresetPaths.LOCATION_OPTIONS.stream(),
                        Stream.of("batch-samples", "length-bucket-seconds"))
                .collect(Collectors.toUnmodifiableMap(option -> option, values::subject));
    }

    private static Map<String, String> readPreset(Path file) {
        Properties properties = NightlyPreset.load(file);
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (NightlyPreset.isNightlyKey(key)) {
                continue; // expect.*, regression.*, bootstrap.*: read by the nightly job
            }
            if (!NAMES.contains(key) || PRESET_EXCLUDED.contains(key)) {
                throw new IllegalArgumentException(
                        "Preset "
                                + file
                                + " has unknown key '"
                                + key
                                + "'; keys are option names such as data, model, splits");
            }
            values.put(key, PresetPaths.resolve(file, key, properties.getProperty(key).strip()));
        }
        return values;
    }
}
