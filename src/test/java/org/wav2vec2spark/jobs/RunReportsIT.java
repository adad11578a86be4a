package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.wav2vec2spark.Chromium;
import org.wav2vec2spark.SparkTestBase;
import org.wav2vec2spark.jobs.executor.JobMetrics;
import org.wav2vec2spark.jobs.executor.ResultRows;
import org.wav2vec2spark.jobs.output.ReportWriter;
import org.wav2vec2spark.jobs.output.SummaryCollector;
import org.wav2vec2spark.metrics.CaseFolding;
import org.wav2vec2spark.metrics.UtteranceScore;
import org.wav2vec2spark.metrics.UtteranceScorer;
import org.wav2vec2spark.report.HistoryPoint;
import org.wav2vec2spark.report.RunSummary;
import org.wav2vec2spark.report.SplitSummary;
import org.wav2vec2spark.report.SummaryJson;
import org.wav2vec2spark.report.UtteranceResult;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The reports of real runs, looked at as a person would: the evaluate job's {@code report.html}
 * rendered by headless Chromium (numbers checked against {@code summary.json}, screenshots kept
 * under {@code target/}), and the error-analysis notebook executed with Jupyter on the same runs.
 *
 * <p>A second, "edited" run is made from the first by replacing each hypothesis with a lightly
 * edited reference and rescoring it, so that the report and the notebook also show a history of two
 * runs and a comparison.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class RunReportsIT extends SparkTestBase {
    static final Path ROOT = Path.of("target/report-it").toAbsolutePath();
    static final Path SAMPLE_RUN = ROOT.resolve("sample-run");
    static final Path EDITED_RUN = ROOT.resolve("edited-run");
    static final Path HISTORY = ROOT.resolve("history.jsonl");

    static RunSummary sampleSummary;
    static RunSummary editedSummary;

    @BeforeAll
    static void runTheJobAndMakeAnEditedRun() throws IOException {
        deleteRecursively(ROOT);
        Files.createDirectories(ROOT);
        sampleSummary =
                EvaluateJob.run(
                        spark,
                        EvaluateOptionsParser.parse(
                                "--data", SampleData.ROOT.toString(),
                                "--model", SampleData.MODEL.toString(),
                                "--output", SAMPLE_RUN.toString(),
                                "--device", "cpu"));
        editedSummary = writeEditedRun();
    }

    @Test
    void chromiumShowsTheJobsReportWithTheNumbersOfSummaryJson() throws Exception {
        Chromium chromium = Chromium.find();
        Path report = SAMPLE_RUN.resolve(ReportWriter.REPORT_FILE);

        String dom = chromium.dumpDom(report, Files.createTempDirectory(ROOT, "profile"));

        assertRatesMatchSummaryJson(dom, SAMPLE_RUN);
        assertThat(dom).contains("<h2>Worst utterances</h2>", "<h2>WER by speaker</h2>");
        chromium.screenshot(
                report,
                Path.of("target/report-screenshot.png"),
                1280,
                2000,
                Files.createTempDirectory(ROOT, "profile"));
    }

    @Test
    void chromiumShowsHistoryChartsAndAlignmentsOfTheEditedRun() throws Exception {
        Chromium chromium = Chromium.find();
        Path report = EDITED_RUN.resolve(ReportWriter.REPORT_FILE);

        String dom = chromium.dumpDom(report, Files.createTempDirectory(ROOT, "profile"));

        assertRatesMatchSummaryJson(dom, EDITED_RUN);
        for (String split : SampleData.splits()) {
            Matcher figure =
                    Pattern.compile(
                                    "<figure class=\"history\" data-split=\""
                                            + split
                                            + "\">(.*?)</figure>",
                                    Pattern.DOTALL)
                            .matcher(dom);
            assertThat(figure.find()).as("history chart of %s", split).isTrue();
            // Two runs: the job's run and the edited run, one point each.
            assertThat(count(figure.group(1), "<circle")).as(split).isEqualTo(2);
        }
        // Every edited utterance with an error has a substitution (see edit()).
        assertThat(count(dom, "title=\"substitution\"")).isPositive();
        chromium.screenshot(
                report,
                Path.of("target/report-edited-screenshot.png"),
                1280,
                2400,
                Files.createTempDirectory(ROOT, "profile"));
    }

    @Test
    void chromiumShowsTheNightlyWarningAboutAChangedBaselineAboveTheRates() throws Exception {
        Chromium chromium = Chromium.find();
        Path baseline = copyOf(SAMPLE_RUN, ROOT.resolve("nightly/baseline"));
        Path tonight = copyOf(SAMPLE_RUN, ROOT.resolve("nightly/tonight"));
        String history = ROOT.resolve("nightly/history.jsonl").toString();
        assertThat(nightly("--history", history, "--run", baseline.toString()))
                .isEqualTo(NightlyJob.OK);
        // The baseline's folder now holds another model's summary.
        Path summary = baseline.resolve("summary.json");
        String sha = sampleSummary.model().sha256();
        Files.writeString(summary, Files.readString(summary).replace(sha, "f".repeat(64)));
        assertThat(nightly("--history", history, "--run", tonight.toString(), "--accept"))
                .isEqualTo(NightlyJob.OK);
        Path report = tonight.resolve(ReportWriter.REPORT_FILE);

        String dom = chromium.dumpDom(report, Files.createTempDirectory(ROOT, "profile"));

        int warnings = dom.indexOf("<section id=\"warnings\"");
        assertThat(warnings).as("warnings section").isPositive();
        assertThat(warnings)
                .as("above the rates")
                .isLessThan(dom.indexOf("<section id=\"splits\""));
        assertThat(dom.substring(warnings))
                .contains("/nightly/baseline/summary.json: model sha256 is " + "f".repeat(64))
                .contains("but was " + sha + " when recorded");
        assertRatesMatchSummaryJson(dom, tonight);
        chromium.screenshot(
                report,
                Path.of("target/report-nightly-warning-screenshot.png"),
                1280,
                1200,
                Files.createTempDirectory(ROOT, "profile"));
    }

    private static int nightly(String... args) {
        return NightlyJob.run(spark, NightlyOptionsParser.parse(args), System.out);
    }

    private static Path copyOf(Path run, Path target) throws IOException {
        try (Stream<Path> files = Files.walk(run)) {
            for (Path source : files.toList()) {
                Path destination = target.resolve(run.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(source, destination);
                }
            }
        }
        return target;
    }

    @Test
    void notebookRunsOnTheEditedRunAgainstTheJobsRun() throws Exception {
        String notebook =
                executeNotebook(EDITED_RUN.toString(), SAMPLE_RUN.toString(), HISTORY.toString());

        assertThat(notebook)
                .contains("alignment counts agree with the job's for all 60 scored utterances")
                .contains("60 utterances scored in both runs")
                .contains("image/png");
    }

    @Test
    void aHistoryThatDoesNotExistIsRefusedNotSkipped() throws Exception {
        // A mistyped path used to skip the chart with "No HISTORY given", and CI stayed green.
        Path missing = ROOT.resolve("no-such-history.jsonl");
        Process process =
                new ProcessBuilder(
                                "bash",
                                "notebooks/run_notebook.sh",
                                SAMPLE_RUN.toString(),
                                SAMPLE_RUN.toString(),
                                missing.toString())
                        .redirectErrorStream(true)
                        .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(2);
        assertThat(output).isEqualTo("run_notebook: " + missing + " does not exist\n");
    }

    @Test
    void notebookAlignsALowerCaseModelsRunAsTheJobScoredIt() throws Exception {
        // A lower-case model's hypotheses are kept as written and scored upper-cased; aligned as
        // written, every word would be a substitution and the notebook's count check would fail.
        Path run =
                derivedRun(
                        "lower-case-run",
                        row ->
                                row.addProperty(
                                        "hypothesis",
                                        row.get("hypothesis")
                                                .getAsString()
                                                .toLowerCase(Locale.ROOT)),
                        summary ->
                                summary.getAsJsonObject("run")
                                        .addProperty("case_folding", "upper"));

        assertThat(executeNotebook(run.toString()))
                .contains("alignment counts agree with the job's for all 60 scored utterances");
    }

    @Test
    void notebookRunsOnARunWhoseUtterancesAllFailed() throws Exception {
        Path run =
                derivedRun(
                        "failed-run",
                        row -> {
                            row.addProperty("status", "failed");
                            row.add("hypothesis", JsonNull.INSTANCE);
                            row.addProperty("error", "model failed");
                            for (String count :
                                    List.of("substitutions", "deletions", "insertions")) {
                                row.addProperty(count, 0);
                            }
                        },
                        summary -> {
                            for (String split : summary.getAsJsonObject("splits").keySet()) {
                                JsonObject counts =
                                        summary.getAsJsonObject("splits").getAsJsonObject(split);
                                counts.add("failed", counts.get("utterances"));
                                counts.add("wer", JsonNull.INSTANCE);
                                counts.add("cer", JsonNull.INSTANCE);
                            }
                        });

        // Against the job's run as the baseline: no utterance was scored in both to compare.
        assertThat(executeNotebook(run.toString(), SAMPLE_RUN.toString()))
                .contains("60 utterances read from")
                .contains("alignment counts agree with the job's for all 0 scored utterances")
                .contains("No utterance was scored in both runs: nothing to compare");
    }

    @Test
    void notebookScoresASilenceRunAsTheJobDoes() throws Exception {
        // Every reference emptied, as in a test of what a model writes into silence: jiwer 4 and
        // the job give each split its insertion count as WER, and the notebook must agree.
        Map<String, UtteranceScore> sums = new TreeMap<>();
        Path run =
                derivedRun(
                        "silence-run",
                        row -> {
                            UtteranceScore score =
                                    UtteranceScorer.score("", row.get("hypothesis").getAsString());
                            row.addProperty("reference", "");
                            row.addProperty("reference_words", 0);
                            row.addProperty("substitutions", 0);
                            row.addProperty("deletions", 0);
                            row.addProperty("insertions", score.words().insertions());
                            row.addProperty("reference_characters", 0);
                            row.addProperty("character_substitutions", 0);
                            row.addProperty("character_deletions", 0);
                            row.addProperty("character_insertions", score.chars().insertions());
                            sums.merge(row.get("split").getAsString(), score, UtteranceScore::plus);
                        },
                        summary -> {
                            JsonObject splits = summary.getAsJsonObject("splits");
                            sums.forEach(
                                    (split, score) -> {
                                        JsonObject counts = splits.getAsJsonObject(split);
                                        splits.add(
                                                split,
                                                SummaryJson.splitToJson(
                                                        new SplitSummary(
                                                                split,
                                                                counts.get("utterances")
                                                                        .getAsLong(),
                                                                0,
                                                                counts.get("audio_seconds")
                                                                        .getAsDouble(),
                                                                score.words(),
                                                                score.chars())));
                                    });
                        });
        assertThat(sums).containsOnlyKeys(SampleData.splits());
        assertThat(sums.values()).allSatisfy(s -> assertThat(s.wer()).isGreaterThan(1));

        // Against the job's run as the baseline, the paired bootstrap resamples empty references
        // too: dividing by their zero words would warn and give NaN bounds.
        assertThat(executeNotebook(run.toString(), SAMPLE_RUN.toString()))
                .contains("alignment counts agree with the job's for all 60 scored utterances")
                .contains("60 utterances scored in both runs")
                .doesNotContain("RuntimeWarning");
    }

    /**
     * A run folder made from the job's run by editing each JSON-lines row and {@code summary.json},
     * without the Parquet copy, so that the notebook reads the edited rows.
     */
    private static Path derivedRun(
            String name, Consumer<JsonObject> editRow, Consumer<JsonObject> editSummary)
            throws IOException {
        Path run = ROOT.resolve(name);
        deleteRecursively(run);
        Files.createDirectories(run.resolve("utterances-json"));
        try (Stream<Path> parts = Files.list(SAMPLE_RUN.resolve("utterances-json"))) {
            for (Path part :
                    parts.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
                StringBuilder edited = new StringBuilder();
                for (String line : Files.readAllLines(part, StandardCharsets.UTF_8)) {
                    JsonObject row = JsonParser.parseString(line).getAsJsonObject();
                    editRow.accept(row);
                    edited.append(row).append('\n');
                }
                Files.writeString(
                        run.resolve("utterances-json").resolve(part.getFileName()),
                        edited,
                        StandardCharsets.UTF_8);
            }
        }
        JsonObject summary =
                JsonParser.parseString(Files.readString(SAMPLE_RUN.resolve("summary.json")))
                        .getAsJsonObject();
        editSummary.accept(summary);
        Files.writeString(run.resolve("summary.json"), summary.toString());
        return run;
    }

    /**
     * Runs {@code notebooks/run_notebook.sh} with these arguments; the executed notebook's text.
     */
    private static String executeNotebook(String... arguments) throws Exception {
        Path executed = Path.of("target/notebooks/error_analysis.executed.ipynb");
        Files.deleteIfExists(executed);
        Path log = ROOT.resolve("notebook.log");
        List<String> command = new ArrayList<>(List.of("bash", "notebooks/run_notebook.sh"));
        command.addAll(List.of(arguments));
        Process process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        assertThat(process.waitFor(300, TimeUnit.SECONDS)).as("notebook finished").isTrue();
        assertThat(process.exitValue())
                .as("notebooks/run_notebook.sh exit status; its output:\n%s", Files.readString(log))
                .isZero();
        return Files.readString(executed);
    }

    /** Each split's WER, CER and utterance count in the rendered page, as summary.json has them. */
    private static void assertRatesMatchSummaryJson(String dom, Path run) throws IOException {
        JsonObject splits =
                JsonParser.parseString(Files.readString(run.resolve("summary.json")))
                        .getAsJsonObject()
                        .getAsJsonObject("splits");
        assertThat(splits.keySet()).containsExactlyInAnyOrderElementsOf(SampleData.splits());
        for (String split : splits.keySet()) {
            JsonObject json = splits.getAsJsonObject(split);
            Matcher row =
                    Pattern.compile("<tr data-split=\"" + split + "\">(.*?)</tr>", Pattern.DOTALL)
                            .matcher(dom);
            assertThat(row.find()).as("row of %s in the rendered page", split).isTrue();
            assertThat(cell(row.group(1), "wer"))
                    .as("WER of %s", split)
                    .isEqualTo(percent(json.get("wer").getAsDouble()));
            assertThat(cell(row.group(1), "cer"))
                    .as("CER of %s", split)
                    .isEqualTo(percent(json.get("cer").getAsDouble()));
            assertThat(cell(row.group(1), "utterances"))
                    .as("utterances of %s", split)
                    .isEqualTo(json.get("utterances").getAsString());
        }
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f", 100 * fraction);
    }

    private static String cell(String row, String cls) {
        Matcher cell = Pattern.compile("<td class=\"" + cls + "\">([^<]*)</td>").matcher(row);
        assertThat(cell.find()).as("cell %s in %s", cls, row).isTrue();
        return cell.group(1);
    }

    private static int count(String text, String needle) {
        int count = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
            count++;
        }
        return count;
    }

    /**
     * Rescores the job's utterances with edited references as hypotheses and writes them as a run a
     * day later: Parquet, JSON copy, summary.json, a two-run history and its report.
     */
    private static RunSummary writeEditedRun() throws IOException {
        List<Row> sampleRows =
                spark.read()
                        .parquet(SAMPLE_RUN.resolve("utterances").toString())
                        .orderBy("split", "id")
                        .collectAsList();
        List<Row> editedRows = new ArrayList<>();
        for (int i = 0; i < sampleRows.size(); i++) {
            UtteranceResult r = ResultRows.toResult(sampleRows.get(i));
            String hypothesis = edit(r.reference(), i);
            UtteranceScore score = UtteranceScorer.score(r.reference(), hypothesis);
            editedRows.add(
                    ResultRows.toRow(
                            new UtteranceResult(
                                    r.id(),
                                    r.split(),
                                    r.speaker(),
                                    r.chapter(),
                                    r.audioUri(),
                                    r.durationSeconds(),
                                    r.reference(),
                                    hypothesis,
                                    score.words(),
                                    score.chars(),
                                    r.status(),
                                    r.error())));
        }
        String uri = EDITED_RUN.toUri().toString();
        spark.createDataFrame(editedRows, ResultRows.SCHEMA).write().parquet(uri + "/utterances");
        Dataset<Row> results = spark.read().parquet(uri + "/utterances");
        RunSummary collected =
                SummaryCollector.collect(
                        results,
                        sampleSummary.model(),
                        Instant.now(),
                        "local[2]",
                        sampleSummary.run().wallSeconds(),
                        JobMetrics.register(spark.sparkContext()),
                        CaseFolding.NONE);
        RunSummary.RunInfo sampleRun = sampleSummary.run();
        String startedAt = Instant.parse(sampleRun.startedAt()).plus(1, ChronoUnit.DAYS).toString();
        RunSummary edited =
                new RunSummary(
                        collected.splits(),
                        sampleSummary.model(),
                        new RunSummary.RunInfo(
                                startedAt,
                                sampleRun.sparkMaster(),
                                sampleRun.audioSeconds(),
                                sampleRun.wallSeconds(),
                                sampleRun.modelLoads(),
                                sampleRun.executors(),
                                sampleRun.batches(),
                                sampleRun.batchFill(),
                                sampleRun.outOfMemorySplits()),
                        collected.failures());
        Files.writeString(EDITED_RUN.resolve("summary.json"), SummaryJson.toJson(edited));
        List<HistoryPoint> history = new ArrayList<>();
        StringBuilder jsonLines = new StringBuilder();
        for (RunSummary run : List.of(sampleSummary, edited)) {
            for (SplitSummary split : run.splits().values()) {
                history.add(new HistoryPoint(run.run().startedAt(), split.split(), split.wer()));
                jsonLines.append(
                        String.format(
                                Locale.ROOT,
                                "{\"run_time\": \"%s\", \"split\": \"%s\", \"wer\": %s}%n",
                                run.run().startedAt(),
                                split.split(),
                                split.wer()));
            }
        }
        Files.writeString(HISTORY, jsonLines, StandardCharsets.UTF_8);
        ReportWriter.write(
                spark.sparkContext().hadoopConfiguration(), results, edited, uri, history);
        return edited;
    }

    /**
     * A deterministic edit of a reference: a third unchanged, a third with the second word
     * pluralised and the last word dropped, a third with the first word's last letter dropped and
     * an inserted word.
     */
    static String edit(String reference, int index) {
        List<String> words = new ArrayList<>(List.of(reference.split(" ")));
        switch (index % 3) {
            case 1 -> {
                words.set(1, words.get(1) + "S");
                words.remove(words.size() - 1);
            }
            case 2 -> {
                String first = words.get(0);
                words.set(0, first.length() > 1 ? first.substring(0, first.length() - 1) : "UH");
                words.add(2, "AND");
            }
            default -> {}
        }
        return String.join(" ", words);
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
