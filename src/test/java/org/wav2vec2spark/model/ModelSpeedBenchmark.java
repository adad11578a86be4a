package org.wav2vec2spark.model;

import ai.djl.Device;

import org.wav2vec2spark.jobs.cli.BundledDefaults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Speed of one model alone, without Spark: how long it takes to load, the first call on a recording
 * (TorchScript's profiling executor specialises the graph during the first calls) and the steady
 * time per call after warm-up, with the real-time factor. Run by {@code jobs/bench-model.sh}.
 *
 * <p>Arguments: {@code [MODEL_DIR=data-samples/model] [SECONDS=10] [RUNS=5] [WARM_UPS=3]
 * [DEVICE=cpu]}. The input is Gaussian noise: a wav2vec2 model's work depends on the length of the
 * audio, not on what it says.
 */
public final class ModelSpeedBenchmark {

    private static final int SAMPLE_RATE = 16_000;

    private ModelSpeedBenchmark() {}

    private static void usage(String problem) {
        System.err.println(
                "bench-model: "
                        + problem
                        + "; usage: jobs/bench-model.sh [MODEL_DIR] [SECONDS] [RUNS] [WARM_UPS]"
                        + " [DEVICE] (see --help)");
        System.exit(2);
    }

    /**
     * Loads the model, times the calls and prints one line per figure.
     *
     * @param args the model directory, the recording's seconds, the timed runs, the warm-up runs
     *     and the device, each optional
     * @throws Exception when the model does not load or a call fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 5 || (args.length > 0 && args[0].startsWith("--"))) {
            usage("takes up to five positional arguments, got " + String.join(" ", args));
        }
        Path directory =
                Path.of(args.length > 0 ? args[0] : BundledDefaults.fromEnvironment().model());
        double seconds = 0;
        int runs = 0;
        int warmUps = 0;
        try {
            seconds = args.length > 1 ? Double.parseDouble(args[1]) : 10;
            runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
            warmUps = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        } catch (NumberFormatException e) {
            usage("SECONDS, RUNS and WARM_UPS are numbers: " + e.getMessage());
        }
        String deviceName = args.length > 4 ? args[4] : "cpu";
        if (!deviceName.equals("cpu") && !deviceName.matches("gpu(\\d+)?")) {
            usage("DEVICE is cpu, gpu or gpuN, got " + deviceName);
        }
        Device device = Device.fromName(deviceName);
        if (!Files.isDirectory(directory)) {
            System.err.println("bench-model: no folder " + directory + " (see --help)");
            System.exit(2);
        }
        if (seconds <= 0 || runs < 1 || warmUps < 0) {
            System.err.printf(
                    "bench-model: need SECONDS > 0, RUNS >= 1 and WARM_UPS >= 0, got %s, %d, %d%n",
                    seconds, runs, warmUps);
            System.exit(2);
        }

        List<float[]> recording = List.of(noise((int) Math.round(seconds * SAMPLE_RATE)));
        try (Wav2Vec2Model model = Wav2Vec2Model.load(ModelDirectory.open(directory), device);
                LogitsPredictor predictor = model.newPredictor()) {
            long firstNanos = timeOneCall(predictor, recording);
            for (int i = 0; i < warmUps; i++) {
                predictor.predict(recording);
            }
            long[] nanos = new long[runs];
            for (int i = 0; i < runs; i++) {
                nanos[i] = timeOneCall(predictor, recording);
            }
            Arrays.sort(nanos);
            double steadySeconds = nanos[runs / 2] / 1e9;

            System.out.printf(
                    Locale.ROOT,
                    "model %s on %s, %.1f s of audio per call%n",
                    directory,
                    device,
                    seconds);
            System.out.printf(Locale.ROOT, "load            %8d ms%n", model.loadTime().toMillis());
            System.out.printf(Locale.ROOT, "first call      %8.1f ms%n", firstNanos / 1e6);
            System.out.printf(
                    Locale.ROOT,
                    "steady call     %8.1f ms (median of %d after %d warm-ups; %.1f to %.1f)%n",
                    steadySeconds * 1e3,
                    runs,
                    warmUps,
                    nanos[0] / 1e6,
                    nanos[runs - 1] / 1e6);
            System.out.printf(
                    Locale.ROOT,
                    "real-time factor %7.4f (RTFx %.1f: seconds of audio per second)%n",
                    steadySeconds / seconds,
                    seconds / steadySeconds);
        }
    }

    private static long timeOneCall(LogitsPredictor predictor, List<float[]> recording)
            throws Exception {
        long start = System.nanoTime();
        predictor.predict(recording);
        return System.nanoTime() - start;
    }

    private static float[] noise(int samples) {
        Random random = new Random(6);
        float[] audio = new float[samples];
        for (int i = 0; i < samples; i++) {
            audio[i] = (float) random.nextGaussian();
        }
        return audio;
    }
}
