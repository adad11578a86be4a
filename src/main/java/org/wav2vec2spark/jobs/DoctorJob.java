package org.wav2vec2spark.jobs;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.pytorch.jni.LibUtils;

import org.wav2vec2spark.audio.AudioReader;
import org.wav2vec2spark.data.HadoopFiles;
import org.wav2vec2spark.features.ZeroMeanUnitVarianceNormalizer;
import org.wav2vec2spark.jobs.cli.OptionSpec;
import org.wav2vec2spark.jobs.cli.OptionTable;
import org.wav2vec2spark.jobs.cli.ParsedOptions;
import org.wav2vec2spark.jobs.cli.SharedOptions;
import org.wav2vec2spark.jobs.executor.DjlDefaults;
import org.wav2vec2spark.jobs.executor.ModelLocation;
import org.wav2vec2spark.model.DevicePlanner;
import org.wav2vec2spark.model.LogitsPredictor;
import org.wav2vec2spark.model.ModelDirectory;
import org.wav2vec2spark.model.Wav2Vec2Model;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * Checks one worker's setup for the jobs and says what is wrong in words a user can act on: Java,
 * DJL's PyTorch engine (libtorch version and flavour), the GPUs libtorch sees, the device a task
 * would get, the model directory (checksum, vocabulary), the model load and a dummy batch, with
 * timings. Exits 0 when every check passes, 1 naming the first failure, 2 on a usage error.
 *
 * <p>Run it where the executors run ({@code jobs/doctor.sh} on a worker), with the same environment
 * ({@code PYTORCH_LIBRARY_PATH}, {@code PYTORCH_FLAVOR}, {@code DJL_OFFLINE}).
 */
public final class DoctorJob {
    /** A URI of a file system other than the local one: {@code hdfs://}, {@code s3a://}. */
    /** Exit code: a check failed; each line that says FAIL says why. */
    static final int CHECK_FAILED = 1;

    private static final Pattern REMOTE_URI =
            Pattern.compile("^(?!file:)[A-Za-z][A-Za-z0-9+.-]*://");

    private static final int SAMPLE_RATE = AudioReader.SAMPLE_RATE;

    /** Utterances in the dummy batch, at most. */
    static final int MAX_BATCH = 4096;

    /** Seconds of one dummy utterance, at most: ten minutes, longer than any LibriSpeech one. */
    static final int MAX_SECONDS = 600;

    /**
     * Seconds of audio in the whole dummy batch, at most: an hour, 57.6 M samples, far below an
     * array's or a tensor buffer's limit, so a batch too large for memory fails as a FAIL line.
     */
    static final int MAX_BATCH_SECONDS = 3600;

    private static final String SYNOPSIS =
            "doctor --model DIR [--device auto|cpu|gpu] [--batch N] [--seconds S]";

    private static final OptionTable OPTIONS =
            new OptionTable(
                    SYNOPSIS,
                    List.of(
                            new OptionSpec(
                                    "model",
                                    "DIR",
                                    null,
                                    "model directory to load (jobs/doctor.sh: the bundled one)"),
                            SharedOptions.DEVICE,
                            new OptionSpec(
                                    "batch", "N", "4", "utterances in the dummy batch, 1 to 4096"),
                            new OptionSpec(
                                    "seconds",
                                    "S",
                                    "8",
                                    "seconds of audio per utterance in the dummy batch, at most"
                                            + " 600, and 3600 for the whole batch"),
                            SharedOptions.HELP));

    private final PrintStream out;
    private final String libraryPath;
    private boolean failed;

    private DoctorJob(PrintStream out, String libraryPath) {
        this.out = out;
        this.libraryPath = libraryPath;
    }

    /**
     * What to check.
     *
     * @param modelDir the model directory to load
     * @param device {@code auto}, {@code cpu} or {@code gpu}
     * @param batch utterances in the dummy batch
     * @param seconds seconds of audio per utterance in the dummy batch
     */
    record Options(Path modelDir, String device, int batch, double seconds) {}

    /** Command-line entry point for {@code jobs/doctor.sh}. */
    public static void main(String[] args) {
        System.exit(runFromCommandLine(args, System.out));
    }

    /** Parses and runs; returns the exit code (0 ok, 1 a check failed, 2 usage). */
    static int runFromCommandLine(String[] args, PrintStream out) {
        return runFromCommandLine(args, out, System.getenv("PYTORCH_LIBRARY_PATH"));
    }

    /**
     * As {@link #runFromCommandLine(String[], PrintStream)}, with the value of {@code
     * PYTORCH_LIBRARY_PATH} given (null when unset).
     */
    static int runFromCommandLine(String[] args, PrintStream out, String libraryPath) {
        Options options;
        try {
            options = parse(args);
        } catch (OptionTable.HelpRequested e) {
            out.print(OPTIONS.usage());
            return ExitCode.OK;
        } catch (IllegalArgumentException e) {
            out.println("doctor: " + e.getMessage());
            out.println("Usage: " + SYNOPSIS + " (--help lists the options)");
            return ExitCode.USAGE;
        }
        return runChecks(options, out, libraryPath);
    }

    /** Runs the checks; returns the exit code (0 ok, 1 a check failed). */
    static int runChecks(Options options, PrintStream out, String libraryPath) {
        return new DoctorJob(out, libraryPath).check(options) ? ExitCode.OK : CHECK_FAILED;
    }

    /**
     * The model directory on this machine: a path, or a {@code file:} URI as the jobs print the
     * bundled model; another file system's URI is refused, as doctor loads from the local disk.
     */
    private static Path localModelDirectory(String model) {
        if (REMOTE_URI.matcher(model).find()) {
            throw new IllegalArgumentException(
                    "--model " + model + ": doctor loads a model directory on this machine");
        }
        if (!model.startsWith("file:")) {
            // The jobs read --model as a Hadoop path: a relative name with a colon (w2v:v2) is a
            // URI scheme to Hadoop, and refused there, so doctor must not pass it.
            HadoopFiles.pathOf("--model", model);
            return Path.of(model);
        }
        try {
            return ModelLocation.localPath(model);
        } catch (IllegalArgumentException e) { // file://host/..., an unreadable URI
            throw HadoopFiles.unreadablePath("--model", model, e);
        }
    }

    static Options parse(String... args) {
        ParsedOptions parsed = OPTIONS.parse(args);
        Path model = localModelDirectory(parsed.required("model"));
        String device = SharedOptions.device(parsed);
        int batch = parsed.wholeNumberWithin("batch", 4, 1, MAX_BATCH);
        double seconds = parsed.number("seconds", 8);
        if (!(seconds > 0 && seconds <= MAX_SECONDS)) {
            throw new IllegalArgumentException(
                    "--seconds must be more than 0 and at most "
                            + MAX_SECONDS
                            + ", got "
                            + seconds);
        }
        if (batch * seconds > MAX_BATCH_SECONDS) {
            throw new IllegalArgumentException(
                    String.format(
                            Locale.ROOT,
                            "--batch %d x --seconds %s is %s s of audio; the dummy batch holds at"
                                    + " most %d s",
                            batch,
                            seconds,
                            batch * seconds,
                            MAX_BATCH_SECONDS));
        }
        return new Options(model, device, batch, seconds);
    }

    private boolean check(Options options) {
        out.println("wav2vec2-spark doctor");
        checkJava();
        DjlDefaults.apply(0);
        if (!checkLibtorchBuild()) {
            // Starting the engine on another libtorch crashes the JVM in native code, with no word
            // of why: stop at the line that says it.
            return finish();
        }
        Engine engine = checkEngine();
        if (engine == null || failed) {
            return finish();
        }
        int gpus = engine.getGpuCount();
        report(
                true,
                "GPUs",
                gpus == 0
                        ? "none visible to libtorch"
                        : gpus + " visible to libtorch (CUDA " + cudaVersion() + ")");
        Device device;
        try {
            device = DevicePlanner.choose(options.device(), Map.of(), gpus);
            report(true, "device", "--device " + options.device() + " -> " + device);
        } catch (RuntimeException e) {
            report(false, "device", e.getMessage());
            return finish();
        }
        ModelDirectory directory;
        try {
            directory = ModelDirectory.open(options.modelDir());
            report(
                    true,
                    "model",
                    String.format(
                            Locale.ROOT,
                            "%s: %s (%s), sha256 %s matches model.json, %d tokens",
                            directory.directory(),
                            directory.metadata().modelId(),
                            directory.metadata().dtype(),
                            directory.metadata().sha256().substring(0, 12) + "...",
                            directory.tokensById().size()));
        } catch (Exception e) {
            report(false, "model", e.getMessage() + " (fix or re-export the model directory)");
            return finish();
        }
        long start = System.nanoTime();
        try (Wav2Vec2Model model = Wav2Vec2Model.load(directory, device)) {
            report(
                    true,
                    "model load",
                    String.format(Locale.ROOT, "%.2f s on %s", since(start), device));
            dummyBatch(model, options);
        } catch (Exception e) {
            report(false, "model load", message(e) + " (on " + device + ")");
        }
        return finish();
    }

    private void checkJava() {
        Runtime.Version version = Runtime.version();
        boolean ok = version.feature() >= 17;
        report(
                ok,
                "Java",
                String.format(
                        Locale.ROOT,
                        "%s (%s), %d processors, max heap %d MB%s",
                        version,
                        System.getProperty("java.vendor"),
                        Runtime.getRuntime().availableProcessors(),
                        Runtime.getRuntime().maxMemory() >> 20,
                        ok ? "" : "; the jobs need Java 17 or later, set JAVA_HOME"));
    }

    /**
     * Checks the {@code build-version} of an unpacked libtorch in {@code PYTORCH_LIBRARY_PATH}
     * against the version DJL's JNI library was built for; says nothing for DJL's own download,
     * which has no such file and is always the right version.
     *
     * @return false when the versions differ
     */
    private boolean checkLibtorchBuild() {
        Path file = LibtorchInstallation.buildVersionFile(libraryPath);
        if (file == null) {
            return true;
        }
        String problem;
        String build;
        try {
            build =
                    Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                            .findFirst()
                            .orElse("")
                            .strip();
            problem =
                    LibtorchInstallation.buildVersionProblem(
                            build, LibtorchInstallation.jniLibtorchVersion());
        } catch (IOException e) {
            report(false, "libtorch build", "cannot read " + file + ": " + e.getMessage());
            return false;
        }
        report(
                problem.isEmpty(),
                "libtorch build",
                build + " (" + file + ")" + (problem.isEmpty() ? "" : "; " + problem));
        return problem.isEmpty();
    }

    private Engine checkEngine() {
        try {
            Engine engine = Engine.getEngine("PyTorch");
            String path = LibUtils.getLibtorchPath();
            // DJL passes over a PYTORCH_LIBRARY_PATH without libtorch and loads another libtorch
            // (its cache, the CPU jar): the engine starts, but not the one the worker was set up
            // with, so a CUDA setup would silently run on the CPU.
            String ignored = LibtorchInstallation.libraryPathProblem(libraryPath);
            report(
                    ignored.isEmpty(),
                    "DJL engine",
                    String.format(
                                    Locale.ROOT,
                                    "DJL %s, PyTorch engine with libtorch %s, flavour %s%s, at %s",
                                    Engine.getDjlVersion(),
                                    engine.getVersion(),
                                    LibtorchInstallation.flavour(path),
                                    engine.hasCapability(StandardCapabilities.CUDA)
                                            ? " (CUDA capable)"
                                            : " (no CUDA)",
                                    path)
                            + (ignored.isEmpty()
                                    ? ""
                                    : ignored + ", so DJL loaded that one instead"));
            return engine;
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            report(
                    false,
                    "DJL engine",
                    "cannot start DJL's PyTorch engine: "
                            + message(e)
                            + LibtorchInstallation.libraryPathProblem(libraryPath)
                            + "; DJL 0.36 needs libtorch 2.7.1: put pytorch-native-cpu on the"
                            + " classpath, or set PYTORCH_LIBRARY_PATH, PYTORCH_VERSION=2.7.1 and"
                            + " PYTORCH_FLAVOR (README, GPU workers)");
            return null;
        }
    }

    private void dummyBatch(Wav2Vec2Model model, Options options) {
        // Built inside the try, so that a batch too large for the heap is this check's failure,
        // not the model load's, and not an uncaught error.
        try (LogitsPredictor predictor = model.newPredictor()) {
            List<float[]> batch = noise(options);
            long start = System.nanoTime();
            predictor.predict(batch);
            double first = since(start);
            double[] steady = new double[3];
            for (int i = 0; i < steady.length; i++) {
                start = System.nanoTime();
                predictor.predict(batch);
                steady[i] = since(start);
            }
            Arrays.sort(steady);
            double audio = options.batch() * options.seconds();
            report(
                    true,
                    "dummy batch",
                    String.format(
                            Locale.ROOT,
                            "%d x %.1f s: first %.3f s, then %.3f s (median of 3), %s x real time",
                            options.batch(),
                            options.seconds(),
                            first,
                            steady[1],
                            realTimeFactor(audio / steady[1])));
        } catch (Exception e) {
            report(
                    false,
                    "dummy batch",
                    message(e) + " (try a smaller --batch or --seconds to tell memory from setup)");
        } catch (OutOfMemoryError e) {
            report(
                    false,
                    "dummy batch",
                    String.format(
                            Locale.ROOT,
                            "out of Java heap (%s, max heap %d MB) for %d x %.1f s: try a smaller"
                                    + " --batch or --seconds, or a larger -Xmx",
                            message(e),
                            Runtime.getRuntime().maxMemory() >> 20,
                            options.batch(),
                            options.seconds()));
        }
    }

    /** Normalised Gaussian noise, one utterance of {@code --seconds} per batch item. */
    private static List<float[]> noise(Options options) {
        int samples = (int) Math.round(options.seconds() * SAMPLE_RATE);
        Random random = new Random(1);
        List<float[]> batch = new ArrayList<>();
        for (int i = 0; i < options.batch(); i++) {
            float[] noise = new float[samples];
            for (int j = 0; j < samples; j++) {
                noise[j] = (float) random.nextGaussian();
            }
            batch.add(ZeroMeanUnitVarianceNormalizer.normalize(noise));
        }
        return batch;
    }

    /**
     * Whole numbers from 10 up; two decimals below, where a slow CPU run would otherwise read 0.
     */
    private static String realTimeFactor(double value) {
        return String.format(Locale.ROOT, value >= 10 ? "%.0f" : "%.2f", value);
    }

    private boolean finish() {
        out.println(
                failed
                        ? "Some checks FAILED; fix the first one above and run again."
                        : "All checks passed.");
        return !failed;
    }

    private void report(boolean ok, String check, String detail) {
        failed |= !ok;
        out.printf(Locale.ROOT, "  %-4s  %-12s %s%n", ok ? "ok" : "FAIL", check, detail);
    }

    private static String cudaVersion() {
        try {
            return ai.djl.util.cuda.CudaUtils.getCudaVersionString();
        } catch (RuntimeException e) {
            return "version unknown";
        }
    }

    private static double since(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static String message(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null && text.length() < 400; t = t.getCause()) {
            if (!text.isEmpty()) {
                text.append(": ");
            }
            text.append(t.getMessage() != null ? t.getMessage() : t.getClass().getName());
        }
        return text.toString();
    }
}
