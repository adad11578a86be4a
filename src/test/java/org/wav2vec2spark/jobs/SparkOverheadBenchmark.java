package org.wav2vec2spark.jobs;

import ai.djl.Device;

import org.apache.spark.sql.SparkSession;
import org.wav2vec2spark.ctc.CtcGreedyDecoder;
import org.wav2vec2spark.data.LibriSpeechLayout;
import org.wav2vec2spark.data.TranscriptLine;
import org.wav2vec2spark.data.TranscriptParser;
import org.wav2vec2spark.data.Utterance;
import org.wav2vec2spark.data.UtteranceKey;
import org.wav2vec2spark.jobs.cli.BundledDefaults;
import org.wav2vec2spark.jobs.executor.PartitionEvaluator;
import org.wav2vec2spark.model.BatchPlanner;
import org.wav2vec2spark.model.LogitsPredictor;
import org.wav2vec2spark.model.ModelCache;
import org.wav2vec2spark.model.Wav2Vec2Model;
import org.wav2vec2spark.report.UtteranceResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Measures the evaluate job's Spark overhead: its wall time on a data root against a plain Java
 * loop over the same utterances with the same model, batching and decoding code, in one run.
 *
 * <p>Usage: {@code jobs/bench-overhead.sh [DATA_ROOT] [MODEL_DIR] [REPETITIONS] [MASTER]
 * [BATCH_SAMPLES]}; relative paths are taken from the working directory, the defaults (the bundled
 * samples and model) from the project folder ({@link BundledDefaults}). Both sides use the model
 * already loaded in this JVM, so neither pays for loading it; the job pays for listing, the
 * transcript join, scheduling, Parquet output and the summary, as users do.
 */
public final class SparkOverheadBenchmark {

    private SparkOverheadBenchmark() {}

    public static void main(String[] args) throws Exception {
        // Paths given are the caller's, relative to the working directory; defaults are the
        // project's, wherever the launcher runs.
        BundledDefaults defaults = BundledDefaults.fromEnvironment();
        Path data = Path.of(args.length > 0 ? args[0] : defaults.samples()).toAbsolutePath();
        Path model = Path.of(args.length > 1 ? args[1] : defaults.model()).toAbsolutePath();
        int repetitions = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        String master = args.length > 3 ? args[3] : "local[2]";
        long batchSamples = args.length > 4 ? Long.parseLong(args[4]) : 960_000;
        for (Path required : List.of(data, model)) {
            if (!Files.isDirectory(required)) {
                System.err.println("bench-overhead: no folder " + required + " (see --help)");
                System.exit(2);
            }
        }

        List<Utterance> utterances = listLocally(data);
        Wav2Vec2Model loaded = ModelCache.get(model, Device.cpu());
        CtcGreedyDecoder decoder = new CtcGreedyDecoder(loaded.directory().vocabulary());
        SparkSession spark =
                SparkSession.builder()
                        .master(master)
                        .appName("overhead benchmark")
                        .config("spark.ui.enabled", "false")
                        .getOrCreate();
        Path scratch = Files.createTempDirectory("overhead-benchmark");
        double audioSeconds = 0;
        double[] loop = new double[repetitions];
        double[] job = new double[repetitions];
        for (int r = -1; r < repetitions; r++) { // r = -1 is the warm-up of both
            long start = System.nanoTime();
            audioSeconds = plainLoop(utterances, loaded, decoder, batchSamples);
            double loopSeconds = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            EvaluateJob.run(
                    spark,
                    EvaluateOptionsParser.parse(
                            "--data", data.toString(),
                            "--model", model.toString(),
                            "--output", scratch.resolve("run" + r).toString(),
                            "--batch-samples", Long.toString(batchSamples),
                            "--device", "cpu"));
            double jobSeconds = (System.nanoTime() - start) / 1e9;
            if (r >= 0) {
                loop[r] = loopSeconds;
                job[r] = jobSeconds;
            }
            System.out.printf(
                    Locale.ROOT,
                    "%s: plain loop %.2f s, Spark job %.2f s%n",
                    r < 0 ? "warm-up" : "round " + (r + 1),
                    loopSeconds,
                    jobSeconds);
        }
        spark.stop();
        double loopMedian = median(loop);
        double jobMedian = median(job);
        System.out.printf(
                Locale.ROOT,
                "%n%d utterances, %.1f s of audio, %s, %d cores, %d rounds (medians):%n"
                        + "  plain Java loop  %.2f s  (%.1fx real time)%n"
                        + "  Spark job        %.2f s  (%.1fx real time)%n"
                        + "  overhead ratio   %.2f  (job / loop)%n",
                utterances.size(),
                audioSeconds,
                master,
                Runtime.getRuntime().availableProcessors(),
                repetitions,
                loopMedian,
                audioSeconds / loopMedian,
                jobMedian,
                audioSeconds / jobMedian,
                jobMedian / loopMedian);
    }

    /** The per-partition evaluator over every utterance, in this thread, without Spark. */
    private static double plainLoop(
            List<Utterance> utterances,
            Wav2Vec2Model model,
            CtcGreedyDecoder decoder,
            long batchSamples) {
        try (LogitsPredictor predictor = model.newPredictor()) {
            PartitionEvaluator evaluator =
                    new PartitionEvaluator(
                            predictor,
                            decoder,
                            new BatchPlanner(batchSamples),
                            uri -> Files.readAllBytes(Path.of(java.net.URI.create(uri))),
                            4 * batchSamples);
            double seconds = 0;
            Iterator<UtteranceResult> results = evaluator.evaluate(utterances.iterator());
            while (results.hasNext()) {
                UtteranceResult result = results.next();
                if (!result.isOk()) {
                    throw new IllegalStateException(result.id() + ": " + result.error());
                }
                seconds += result.durationSeconds();
            }
            return seconds;
        }
    }

    private static List<Utterance> listLocally(Path root) throws IOException {
        List<Utterance> utterances = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".trans.txt")).sorted().toList()) {
                String relative = root.relativize(file).toString();
                UtteranceKey chapter =
                        LibriSpeechLayout.parseTranscriptPath(relative).orElseThrow();
                for (TranscriptLine line :
                        TranscriptParser.parse(relative, chapter, Files.readAllLines(file))) {
                    Path audio = file.resolveSibling(line.utteranceId() + ".flac");
                    utterances.add(
                            new Utterance(
                                    new UtteranceKey(
                                            chapter.split(),
                                            chapter.speaker(),
                                            chapter.chapter(),
                                            line.utteranceId()),
                                    audio.toUri().toString(),
                                    line.text(),
                                    null));
                }
            }
        }
        return utterances;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
