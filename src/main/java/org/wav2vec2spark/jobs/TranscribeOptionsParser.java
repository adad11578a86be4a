package org.wav2vec2spark.jobs;

import org.wav2vec2spark.jobs.cli.BundledDefaults;
import org.wav2vec2spark.jobs.cli.OptionSpec;
import org.wav2vec2spark.jobs.cli.OptionTable;
import org.wav2vec2spark.jobs.cli.ParsedOptions;
import org.wav2vec2spark.jobs.cli.SharedOptions;
import org.wav2vec2spark.jobs.cli.SparkMasterUrl;

import java.util.List;
import java.util.Map;

/**
 * Parses the transcribe job's command line into {@link TranscribeOptions}.
 *
 * <p>Options come from the command line or the defaults in {@link #OPTIONS}; those of {@code
 * --input}, {@code --model} and {@code --output} are the {@link BundledDefaults}, each taken on its
 * own. {@code --input} takes one or more URIs (every argument up to the next option) and may be
 * repeated. Every mistake is an {@link IllegalArgumentException} naming the option, the expected
 * and the actual value, so the job stops before any Spark work. This class runs on the driver only.
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
                            "the bundled " + BundledDefaults.SAMPLES,
                            "folders (searched recursively for .flac/.wav), recordings, .tar or"
                                    + " .tar.gz archives; or librispeech_asr Parquet files or"
                                    + " folders holding them; repeatable"),
                    SharedOptions.MODEL,
                    new OptionSpec(
                            "output",
                            "URI",
                            BundledDefaults.runFolderHelp("transcribe"),
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
                    SharedOptions.MASTER,
                    new OptionSpec(
                            "max-failed-fraction",
                            "F",
                            "1",
                            "exit 1 when more than this fraction of the run's recordings failed"
                                    + " (the run is still committed); 1 = never"),
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
                    SharedOptions.DEVICE,
                    SharedOptions.TORCH_THREADS,
                    SharedOptions.CONF,
                    SharedOptions.HELP);

    private TranscribeOptionsParser() {}

    private static final OptionTable TABLE =
            new OptionTable(
                    "transcribe [--input URI...] [--model DIR] [--output URI] [options]\n\n"
                            + BundledDefaults.HELP_NOTE,
                    OPTIONS);

    /**
     * Parses the command line.
     *
     * @throws IllegalArgumentException on any mistake, with a message naming it
     * @throws OptionTable.HelpRequested when {@code --help} is given
     */
    public static TranscribeOptions parse(String... args) {
        return parse(BundledDefaults.fromEnvironment(), args);
    }

    /**
     * Parses the command line, with these defaults for {@code --input}, {@code --model} and {@code
     * --output}.
     */
    static TranscribeOptions parse(BundledDefaults defaults, String... args) {
        return build(TABLE.parse(args).orDefaults(defaults.forJob("transcribe", "input")));
    }

    /** The {@code --help} text. */
    public static String usage() {
        return TABLE.usage();
    }

    private static TranscribeOptions build(ParsedOptions values) {
        List<String> inputs = values.all("input");
        String format = values.oneOf("format", "parquet", List.of("parquet", "jsonl"));
        double chunk = values.number("chunk-seconds", CHUNK_SECONDS_DEFAULT);
        if (!(chunk >= 0) || Double.isInfinite(chunk)) {
            throw new IllegalArgumentException(
                    "--chunk-seconds must be a finite number >= 0, got " + chunk);
        }
        double stride = values.number("stride-seconds", chunk / 6);
        if (!(stride >= 0) || (chunk > 0 && 2 * stride >= chunk)) {
            throw new IllegalArgumentException(
                    "--stride-seconds must be >= 0 and less than half of --chunk-seconds "
                            + chunk
                            + ", got "
                            + stride);
        }
        double maxFailed = values.fraction("max-failed-fraction", 1);
        long batchSamples = values.wholeNumber("batch-samples", 960_000);
        if (batchSamples <= 0) {
            throw new IllegalArgumentException("--batch-samples must be > 0, got " + batchSamples);
        }
        int partitions = values.wholeNumberWithin("partitions", 0, 0, Integer.MAX_VALUE);
        int torchThreads = values.wholeNumberWithin("torch-threads", 0, 0, Integer.MAX_VALUE);
        String device = SharedOptions.device(values);
        return new TranscribeOptions(
                List.copyOf(inputs),
                values.required("model"),
                values.required("output"),
                format,
                chunk,
                stride,
                values.has("word-times"),
                SparkMasterUrl.require(values.subject("master"), values.get("master")),
                maxFailed,
                batchSamples,
                partitions,
                device,
                torchThreads,
                Map.copyOf(values.keyValues("conf")),
                values.defaultsTaken());
    }
}
