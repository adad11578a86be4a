package org.wav2vec2spark.jobs.output;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.wav2vec2spark.jobs.executor.TranscriptRows;

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
 * Measures what a resumed transcribe run spends reading the committed runs of its output, side by
 * side in one JVM: {@link OutputRuns#transcribed}, which reads all runs in one Spark job, against a
 * job per run as the job did before (each run read with its schema taken from a footer, its first
 * row read for the model and word-times check, then its keys), the baseline written out here.
 *
 * <p>Usage: {@code jobs/bench-resume.sh [RUNS] [ROWS] [REPETITIONS]} (defaults 60, 100 and 3). One
 * run of {@code ROWS} rows is written with Spark, and copied to make the others; the two ways are
 * timed alternately, the median of each printed with their ratio.
 */
public final class ResumeBenchmark {
    private static final String MODEL = "bench/model";

    private ResumeBenchmark() {}

    private static void usage(String problem) {
        System.err.println(
                "bench-resume: "
                        + problem
                        + "; usage: jobs/bench-resume.sh [RUNS] [ROWS] [REPETITIONS] (see --help)");
        System.exit(2);
    }

    public static void main(String[] args) throws IOException {
        int[] values = {60, 100, 3};
        try {
            for (int i = 0; i < Math.min(args.length, values.length); i++) {
                values[i] = Integer.parseInt(args[i]);
            }
        } catch (NumberFormatException e) {
            usage("RUNS, ROWS and REPETITIONS are numbers: " + e.getMessage());
        }
        if (args.length > values.length || Arrays.stream(values).anyMatch(v -> v < 1)) {
            usage("need up to three numbers, each at least 1, got " + String.join(" ", args));
        }
        int runs = values[0];
        int rows = values[1];
        int repetitions = values[2];
        SparkSession spark =
                SparkSession.builder()
                        .master("local[2]")
                        .appName("wav2vec2-spark resume benchmark")
                        .config("spark.ui.enabled", "false")
                        .getOrCreate();
        Path output = Files.createTempDirectory("resume-benchmark");
        try {
            writeRuns(spark, output, runs, rows);
            Configuration conf = spark.sparkContext().hadoopConfiguration();
            OutputRuns committed = OutputRuns.scan(conf, output.toString());
            double[] oneJob = new double[repetitions];
            double[] perRun = new double[repetitions];
            for (int r = -1; r < repetitions; r++) { // r = -1 warms both up
                long start = System.nanoTime();
                TranscribedRecordings all = committed.transcribed(spark, MODEL, false);
                long middle = System.nanoTime();
                TranscribedRecordings each = readRunByRun(spark, output, runs);
                long end = System.nanoTime();
                requireAll(all, rows, "one job");
                requireAll(each, rows, "a job per run");
                if (r >= 0) {
                    oneJob[r] = (middle - start) / 1e9;
                    perRun[r] = (end - middle) / 1e9;
                }
            }
            Arrays.sort(oneJob);
            Arrays.sort(perRun);
            double one = oneJob[repetitions / 2];
            double each = perRun[repetitions / 2];
            System.out.printf(
                    Locale.ROOT,
                    "%d committed runs of %d rows: one job %.2f s, a job per run %.2f s (%.3f s a"
                            + " run), medians of %d: one job is %.1fx faster%n",
                    runs,
                    rows,
                    one,
                    each,
                    each / runs,
                    repetitions,
                    each / one);
        } finally {
            spark.stop();
            try (Stream<Path> files = Files.walk(output)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** {@code run=1} written by Spark, then copied to {@code run=2} and on. */
    private static void writeRuns(SparkSession spark, Path output, int runs, int rows)
            throws IOException {
        List<Row> written = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            written.add(
                    RowFactory.create(
                            "file:/data/LibriSpeech/train/" + i + ".flac",
                            null,
                            12.5,
                            "A TRANSCRIPT",
                            TranscriptRows.OK,
                            null,
                            MODEL,
                            null));
        }
        Path first = output.resolve("run=1");
        spark.createDataFrame(written, TranscriptRows.SCHEMA).write().parquet(first.toString());
        for (int run = 2; run <= runs; run++) {
            Path copy = Files.createDirectories(output.resolve("run=" + run));
            try (Stream<Path> files = Files.list(first)) {
                for (Path file : files.toList()) {
                    Files.copy(file, copy.resolve(file.getFileName()));
                }
            }
        }
    }

    /** The baseline: each run read on its own, as resume did before it read them in one job. */
    private static TranscribedRecordings readRunByRun(SparkSession spark, Path output, int runs) {
        TranscribedRecordings.Merger merger = new TranscribedRecordings.Merger();
        for (int run = 1; run <= runs; run++) {
            Dataset<Row> rows = spark.read().parquet(output.resolve("run=" + run).toString());
            Dataset<Row> ok = rows.filter(rows.col("status").equalTo(TranscriptRows.OK));
            List<Row> first =
                    ok.select(ok.col("model_id"), ok.col("words").isNotNull())
                            .limit(1)
                            .collectAsList();
            if (!first.isEmpty() && !MODEL.equals(first.get(0).getString(0))) {
                throw new IllegalStateException("run=" + run + " is of another model");
            }
            ok.select(ok.col("source"), ok.col("member"))
                    .javaRDD()
                    .mapPartitions(part -> List.of(TranscribedRecordings.ofRows(part)).iterator())
                    .collect()
                    .forEach(merger::add);
        }
        return merger.merged();
    }

    private static void requireAll(TranscribedRecordings done, int rows, String how) {
        for (int i = 0; i < rows; i++) {
            if (!done.containsLoose("file:/data/LibriSpeech/train/" + i + ".flac")) {
                throw new IllegalStateException(how + " missed recording " + i);
            }
        }
    }
}
