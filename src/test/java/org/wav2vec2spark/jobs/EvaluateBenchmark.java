package org.wav2vec2spark.jobs;

import org.apache.spark.sql.SparkSession;
import org.wav2vec2spark.jobs.cli.BundledDefaults;
import org.wav2vec2spark.jobs.cli.OptionSpec;
import org.wav2vec2spark.jobs.cli.OptionTable;
import org.wav2vec2spark.jobs.cli.ParsedOptions;
import org.wav2vec2spark.jobs.cli.SharedOptions;
import org.wav2vec2spark.jobs.executor.DjlDefaults;
import org.wav2vec2spark.jobs.executor.JobMetrics;
import org.wav2vec2spark.jobs.executor.StageTimes.Stage;
import org.wav2vec2spark.report.RunSummary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Throughput of the real evaluate job on a LibriSpeech-shaped workload ({@link
 * LibriSpeechWorkload}): RTFx end to end and in steady state, time per stage, batch fill, model
 * loads and out-of-memory splits.
 *
 * <p>Usage ({@code jobs/benchmark.sh}): {@code [--hours H] [--workload DIR] [--data DIR] [--model
 * DIR] [--repeats N] [--master M] [-- evaluate options...]}; relative paths are taken from the
 * working directory, the defaults from the project folder. All runs share one JVM: the first is end
 * to end as a user sees it (Spark start-up excluded, model load, JIT and first-shape costs
 * included); the later ones find the model loaded and the code compiled, and their median is the
 * steady state. Stage times are task time summed over tasks, so with several task threads they add
 * up to more than the wall time.
 */
public final class EvaluateBenchmark {

    private EvaluateBenchmark() {}

    /**
     * Where the defaults are: the project folder that jobs/benchmark.sh names, so that they hold
     * from any working directory, while paths given on the command line are the caller's.
     */
    private static final BundledDefaults DEFAULTS = BundledDefaults.fromEnvironment();

    /** The generated workload's seed: the same hours give the same workload, written once. */
    private static final long WORKLOAD_SEED = 1;

    private static final OptionTable OPTIONS =
            new OptionTable(
                    "benchmark [--hours H] [--workload DIR | --data DIR] [--model DIR] [--repeats"
                            + " N] [--master M] [-- evaluate options...]",
                    List.of(
                            new OptionSpec(
                                    "hours",
                                    "H",
                                    "0.25",
                                    "audio hours of the generated workload (fractions allowed)"),
                            new OptionSpec(
                                    "workload",
                                    "DIR",
                                    "runs/workload-<H>h",
                                    "where the generated workload is written, or found"),
                            new OptionSpec(
                                    "data",
                                    "DIR",
                                    null,
                                    "a LibriSpeech folder to run instead of a generated workload"),
                            new OptionSpec("model", "DIR", "data-samples/model", "model directory"),
                            new OptionSpec(
                                    "repeats",
                                    "N",
                                    "3",
                                    "runs in one JVM; the first is end to end, the median of the"
                                            + " others the steady state"),
                            new OptionSpec("master", "M", "local[2]", "Spark master"),
                            SharedOptions.HELP));

    /** Command-line entry point for {@code jobs/benchmark.sh}; exit 2 on a usage error. */
    public static void main(String[] args) throws Exception {
        int separator = Arrays.asList(args).indexOf("--");
        String[] own = separator < 0 ? args : Arrays.copyOfRange(args, 0, separator);
        List<String> extra =
                separator < 0 ? List.of() : Arrays.asList(args).subList(separator + 1, args.length);
        ParsedOptions options;
        double hours;
        long repeats;
        try {
            options = OPTIONS.parse(own);
            hours = options.number("hours", 0.25);
            repeats = options.wholeNumber("repeats", 3);
            if (!(hours > 0) || repeats < 1) {
                throw new IllegalArgumentException(
                        "--hours must be > 0 and --repeats >= 1, got " + hours + " and " + repeats);
            }
            // The evaluate options after -- are checked now, not after the workload is written.
            refuseOwnOptions(extra);
            evaluateOptions(Path.of("data"), Path.of("model"), Path.of("output"), extra);
            requireFolder(options, "data");
            requireFolder(options, "model");
        } catch (OptionTable.HelpRequested e) {
            System.out.print(OPTIONS.usage());
            System.out.println(
                    "Default paths are in the project folder, which jobs/benchmark.sh sets "
                            + BundledDefaults.PROJECT_ROOT_VARIABLE
                            + " to; paths given are relative to the working directory.");
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("benchmark: " + e.getMessage() + " (--help lists the options)");
            System.exit(2);
            return;
        }
        // Only a workload still to be written needs flac; --help, --data and a reused one do not.
        Path workload = workloadRoot(options, hours);
        if (workload != null
                && !LibriSpeechWorkload.isWritten(workload, hours, WORKLOAD_SEED)
                && !LibriSpeechWorkload.encoderFound()) {
            System.err.println(
                    "benchmark: writing the workload "
                            + workload
                            + " needs the reference encoder 'flac' (apt-get install flac)");
            System.exit(2);
            return;
        }
        try {
            run(options, hours, (int) repeats, extra);
        } catch (IOException | IllegalArgumentException e) {
            // A split the data lacks, say: a message, not a stack trace and exit 1.
            System.err.println("benchmark: " + e.getMessage());
            System.exit(2);
        }
    }

    /**
     * Refuses the evaluate options the benchmark sets itself: each run writes a scratch folder of
     * its own, and the data and model are the benchmark's options, before {@code --}.
     */
    private static void refuseOwnOptions(List<String> extra) {
        for (String arg : extra) {
            String name = arg.split("=", 2)[0];
            if (name.equals("--output")) {
                throw new IllegalArgumentException(
                        "--output after -- is the benchmark's: each run writes a scratch folder of"
                                + " its own, deleted at the end");
            }
            if (name.equals("--data") || name.equals("--model") || name.equals("--master")) {
                throw new IllegalArgumentException(
                        name + " goes before --, as the benchmark's own option");
            }
            if (name.equals("--conf")) {
                throw new IllegalArgumentException(
                        "--conf after -- would not reach the benchmark's Spark session, which"
                                + " starts from --master alone");
            }
        }
    }

    /** Refuses a --data or --model that names no folder, before Spark starts. */
    private static void requireFolder(ParsedOptions options, String option) {
        if (options.has(option) && !Files.isDirectory(Path.of(options.get(option)))) {
            throw new IllegalArgumentException(
                    "--"
                            + option
                            + " "
                            + Path.of(options.get(option)).toAbsolutePath()
                            + " is not a folder");
        }
    }

    /** Where the generated workload is written or found; null when --data names the data. */
    private static Path workloadRoot(ParsedOptions options, double hours) {
        if (options.has("data")) {
            return null;
        }
        return (options.has("workload")
                        ? Path.of(options.get("workload"))
                        : Path.of(
                                DEFAULTS.inProject(
                                        String.format(Locale.ROOT, "runs/workload-%sh", hours))))
                .toAbsolutePath();
    }

    private static void run(ParsedOptions options, double hours, int repeats, List<String> extra)
            throws Exception {
        Path data = options.has("data") ? Path.of(options.get("data")).toAbsolutePath() : null;
        Path model = Path.of(options.getOrDefault("model", DEFAULTS.model())).toAbsolutePath();
        String master = options.getOrDefault("master", "local[2]");
        if (data == null) {
            data = workloadRoot(options, hours);
            long start = System.nanoTime();
            List<Double> lengths =
                    LibriSpeechWorkload.write(
                            Path.of(DEFAULTS.samples()).toAbsolutePath(),
                            data,
                            hours,
                            WORKLOAD_SEED);
            double[] sorted = lengths.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf(
                    Locale.ROOT,
                    "Workload %s: %d utterances, %.2f h (%.1f to %.1f s, median %.1f s, mean %.1f"
                            + " s), ready in %.0f s%n",
                    data,
                    sorted.length,
                    Arrays.stream(sorted).sum() / 3600,
                    sorted[0],
                    sorted[sorted.length - 1],
                    sorted[sorted.length / 2],
                    Arrays.stream(sorted).average().orElse(0),
                    (System.nanoTime() - start) / 1e9);
        }
        DjlDefaults.apply(0);
        SparkSession spark =
                SparkSession.builder()
                        .master(master)
                        .appName("wav2vec2-spark benchmark")
                        .config("spark.ui.enabled", "false")
                        .getOrCreate();
        Path scratch = Files.createTempDirectory("evaluate-benchmark");
        double[] rtfx = new double[repeats];
        RunSummary last = null;
        long modelLoads = 0;
        JobMetrics[] lastMetrics = new JobMetrics[1];
        try {
            for (int r = 0; r < repeats; r++) {
                last =
                        EvaluateJob.run(
                                spark,
                                evaluateOptions(data, model, scratch.resolve("run" + r), extra),
                                metrics -> lastMetrics[0] = metrics);
                rtfx[r] = last.run().realTimeFactor();
                // Each run counts its own tasks' loads; later runs find the model loaded.
                modelLoads += last.run().modelLoads();
                System.out.printf(
                        Locale.ROOT,
                        "run %d%s: %.1f s of audio in %.2f s wall, %.1f RTFx, %d failed%n",
                        r + 1,
                        r == 0 ? " (end to end)" : "",
                        last.run().audioSeconds(),
                        last.run().wallSeconds(),
                        rtfx[r],
                        last.failedTotal());
            }
        } finally {
            spark.stop();
            try {
                deleteRecursively(scratch);
            } catch (IOException e) { // not to hide the run's own failure
                System.err.println("benchmark: could not delete " + scratch + ": " + e);
            }
        }
        print(last, lastMetrics[0], rtfx, master, modelLoads);
    }

    private static void deleteRecursively(Path folder) throws IOException {
        try (Stream<Path> entries = Files.walk(folder)) {
            for (Path entry : entries.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(entry);
            }
        }
    }

    /** The evaluate job's options for one run: ours first, then the user's after {@code --}. */
    private static EvaluateOptions evaluateOptions(
            Path data, Path model, Path output, List<String> extra) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--data", data.toString(),
                                "--model", model.toString(),
                                "--output", output.toString()));
        if (extra.stream().noneMatch(arg -> arg.startsWith("--max-failed-fraction"))) {
            args.addAll(List.of("--max-failed-fraction", "1"));
        }
        args.addAll(extra);
        return EvaluateOptionsParser.parse(args.toArray(String[]::new));
    }

    /**
     * Prints the figures of the last run, with every run's RTFx and the model loads of all runs.
     */
    private static void print(
            RunSummary summary, JobMetrics metrics, double[] rtfx, String master, long modelLoads) {

        StringBuilder out = new StringBuilder();
        out.append(
                String.format(
                        Locale.ROOT,
                        "%nBenchmark: %s, %d cores, Java %s, %s%n",
                        master,
                        Runtime.getRuntime().availableProcessors(),
                        Runtime.version().feature(),
                        summary.model().id()));
        out.append(String.format(Locale.ROOT, "  RTFx end to end (run 1)   %8.1f%n", rtfx[0]));
        if (rtfx.length > 1) {
            out.append(
                    String.format(
                            Locale.ROOT,
                            "  RTFx steady state         %8.1f   (median of runs 2..%d)%n",
                            median(Arrays.copyOfRange(rtfx, 1, rtfx.length)),
                            rtfx.length));
        } else {
            out.append("  RTFx steady state              n/a   (one run; --repeats 2 or more)\n");
        }
        double wall = summary.run().wallSeconds();
        double total = 0;
        for (Stage stage : Stage.values()) {
            total += metrics.stageSeconds(stage);
        }
        out.append(
                String.format(
                        Locale.ROOT,
                        "  time per stage, last run (task seconds summed over tasks; wall %.2f"
                                + " s):%n",
                        wall));
        for (Stage stage : Stage.values()) {
            double seconds = metrics.stageSeconds(stage);
            out.append(
                    String.format(
                            Locale.ROOT,
                            "    %-11s %8.2f s  %5.1f%%%n",
                            stage.name().toLowerCase(Locale.ROOT),
                            seconds,
                            total > 0 ? 100 * seconds / total : 0));
        }
        out.append(
                String.format(
                        Locale.ROOT,
                        "  inference / wall          %8.2f   (upper bound of the model's busy"
                                + " share per device when one device serves all tasks)%n",
                        metrics.stageSeconds(Stage.INFERENCE) / wall));
        out.append(
                String.format(
                        Locale.ROOT,
                        "  batch fill                %8.3f   (%d batches)%n",
                        summary.run().batchFill(),
                        summary.run().batches()));
        out.append(
                String.format(
                        Locale.ROOT,
                        "  model loads               %8d   (all runs, %d executor(s))%n",
                        modelLoads,
                        summary.run().executors()));
        out.append(
                String.format(
                        Locale.ROOT,
                        "  out-of-memory splits      %8d%n",
                        metrics.outOfMemorySplits().value()));
        System.out.print(out);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
