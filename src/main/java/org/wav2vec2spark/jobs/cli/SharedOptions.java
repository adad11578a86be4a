package org.wav2vec2spark.jobs.cli;

import java.util.List;

/**
 * Options several jobs take with the same meaning, defined once so their help and README rows
 * cannot drift apart.
 */
public final class SharedOptions {

    /** The model directory. */
    public static final OptionSpec MODEL =
            new OptionSpec(
                    "model",
                    "DIR",
                    "the bundled " + BundledDefaults.MODEL,
                    "model directory: model.pt (TorchScript), vocab.json, model.json,"
                            + " config.json, preprocessor_config.json");

    /** The Spark master. */
    public static final OptionSpec MASTER =
            new OptionSpec("master", "URL", "spark-submit's, else local[*]", "Spark master");

    /** Where the model runs. */
    public static final OptionSpec DEVICE =
            new OptionSpec(
                    "device",
                    "auto|cpu|gpu",
                    "auto",
                    "where the model runs; auto takes GPU 0 when one is visible");

    /** The {@link #DEVICE} value given, checked against its three choices. */
    public static String device(ParsedOptions values) {
        return values.oneOf(DEVICE.name(), DEVICE.defaultValue(), List.of("auto", "cpu", "gpu"));
    }

    /** libtorch's intra-op threads. */
    public static final OptionSpec TORCH_THREADS =
            new OptionSpec(
                    "torch-threads",
                    "N",
                    "0",
                    "libtorch intra-op threads per executor JVM; 0 = libtorch's default");

    /** Extra Spark settings. */
    public static final OptionSpec CONF =
            new OptionSpec(
                    "conf",
                    "KEY=VALUE",
                    null,
                    "extra Spark setting (repeatable); with spark-submit, a spark-submit option",
                    true);

    /** The help flag. */
    public static final OptionSpec HELP = new OptionSpec("help", null, null, "print this help");

    private SharedOptions() {}
}
