package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wav2vec2spark.SparkTestBase;
import org.wav2vec2spark.jobs.executor.ResultRows;
import org.wav2vec2spark.jobs.output.RunHistory;
import org.wav2vec2spark.metrics.UtteranceScore;
import org.wav2vec2spark.metrics.UtteranceScorer;
import org.wav2vec2spark.nightly.HistoryRecord;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The nightly job on one real evaluate run of the bundled samples and model, and on copies of it
 * altered the way a better model or changed data would alter it.
 */
class NightlyJobTest extends SparkTestBase {
    @TempDir static Path work;
    private static Path real;
    private static Result firstNight;

    @TempDir Path dir;

    /** The one evaluation of this class: the first night of a history, in evaluate mode. */
    @BeforeAll
    static void evaluateOnce() {
        real = work.resolve("real");
        firstNight = nightlyEvaluating(work.resolve("first/history.jsonl"), real);
    }

    @Test
    void firstNightEvaluatesAndRecordsTheRunWithoutAPreviousOne() throws IOException {
        assertThat(firstNight.code).as(firstNight.out).isEqualTo(NightlyJob.OK);
        assertThat(firstNight.verdicts())
                .hasSize(2)
                .allSatisfy(
                        line ->
                                assertThat(line)
                                        .contains(" OK: ")
                                        .endsWith("no comparable previous run"));

        List<HistoryRecord> history =
                RunHistory.read(
                        spark.sparkContext().hadoopConfiguration(),
                        work.resolve("first/history.jsonl").toUri().toString());
        assertThat(history).hasSize(1);
        HistoryRecord record = history.get(0);
        var summary =
                JsonParser.parseString(Files.readString(real.resolve("summary.json")))
                        .getAsJsonObject();
        for (String split : SampleData.splits()) {
            var json = summary.getAsJsonObject("splits").getAsJsonObject(split);
            assertThat(record.splits().get(split).words().referenceLength())
                    .isEqualTo(json.get("words").getAsLong());
            assertThat(record.splits().get(split).wer()).isEqualTo(json.get("wer").getAsDouble());
            assertThat(record.splits().get(split).utterances())
                    .isEqualTo(SampleData.utterancesBySplit(SampleData.ROOT).get(split));
        }
        assertThat(record.projectCommit()).isEqualTo("test-commit");
        assertThat(record.modelSha256())
                .isEqualTo(summary.getAsJsonObject("model").get("sha256").getAsString());
        assertThat(record.dataFingerprint()).matches("[0-9a-f]{64}");
        assertThat(record.outputUri()).startsWith("file:").endsWith("/real");
        assertThat(record.rtfx()).isPositive();
        assertThat(record.regressed()).isFalse();
    }

    @Test
    void runComparedWithItselfIsOk() {
        Path history = dir.resolve("history.jsonl");
        nightly(history, "--run", real.toString());

        Result second = nightly(history, "--run", real.toString());

        assertThat(second.code).as(second.out).isEqualTo(NightlyJob.OK);
        assertThat(second.verdicts())
                .hasSize(2)
                .allSatisfy(
                        line ->
                                assertThat(line)
                                        .contains(" OK: ")
                                        .contains(
                                                "+0.00 pts, 95% CI [+0.00, +0.00] pts over 30"
                                                        + " paired utterances"));
    }

    @Test
    void reportOfTheRunChartsTheComparableHistory() throws IOException {
        Path run = copyRun(dir.resolve("run"));
        Path history = dir.resolve("history.jsonl");
        nightly(history, "--run", run.toString());
        nightly(history, "--run", run.toString());

        String html = Files.readString(run.resolve("report.html"));

        assertThat(html).doesNotContain("No history was given");
        for (String split : SampleData.splits()) {
            String figure =
                    html.substring(html.indexOf("<figure class=\"history\" data-split=\"" + split));
            figure = figure.substring(0, figure.indexOf("</figure>"));
            assertThat(figure.split("<circle class=\"point\"", -1)).as(split).hasSize(3);
        }
    }

    @Test
    void worseThanABetterPreviousRunIsARegressionUntilAccepted() throws IOException {
        // Yesterday's model transcribed test-clean perfectly; today's (the real run) does not.
        Path better = altered("better", "test-clean", hypothesis -> null, reference -> reference);
        Path history = dir.resolve("history.jsonl");
        assertThat(nightly(history, "--run", better.toString()).code).isEqualTo(NightlyJob.OK);

        Result today = nightly(history, "--run", real.toString());
        String todaysReport = Files.readString(real.resolve("report.html"));
        Result tomorrow = nightly(history, "--run", real.toString());
        Result accepted = nightly(history, "--run", real.toString(), "--accept");
        String acceptedReport = Files.readString(real.resolve("report.html"));
        Result afterAccepting = nightly(history, "--run", real.toString());
        String laterReport = Files.readString(real.resolve("report.html"));

        assertThat(today.code).as(today.out).isEqualTo(NightlyJob.REGRESSION);
        assertThat(today.verdicts())
                .anySatisfy(
                        line ->
                                assertThat(line)
                                        .startsWith("test-clean REGRESSION: WER ")
                                        .contains("pts over 30 paired utterances, above tolerance"))
                .anySatisfy(line -> assertThat(line).startsWith("test-other OK: "));
        assertThat(today.out).contains("nightly: REGRESSION in test-clean;");
        // The regressed night is not a baseline, so the next night is still compared with "better".
        assertThat(tomorrow.code).isEqualTo(NightlyJob.REGRESSION);
        assertThat(accepted.code).isEqualTo(NightlyJob.OK);
        assertThat(accepted.out).contains("(accepted as the new baseline)");
        assertThat(afterAccepting.code).as(afterAccepting.out).isEqualTo(NightlyJob.OK);
        assertThat(afterAccepting.out).contains("+0.00 pts");
        // The page says what the console said, each split's line included.
        assertThat(todaysReport)
                .contains(
                        "<section id=\"verdict\" class=\"regression\"><h2>Nightly check:"
                                + " REGRESSION in test-clean</h2>")
                .containsPattern("<li data-split=\"test-clean\">test-clean REGRESSION: WER ")
                .containsPattern("<li data-split=\"test-other\">test-other OK: ");
        assertThat(acceptedReport)
                .contains("REGRESSION in test-clean (accepted as the new baseline)</h2>");
        assertThat(laterReport)
                .contains("<section id=\"verdict\" class=\"ok\"><h2>Nightly check: OK</h2>");
    }

    @Test
    void baselineFolderRewrittenByTonightsRunIsNotPairedAndSaysSo() throws IOException {
        // A fixed --output with --overwrite: the folder yesterday's record names now holds
        // tonight's results, which must not be paired with themselves as "+0.00 pts".
        Path folder = altered("fixed-output", "test-clean", hypothesis -> null, r -> r);
        Path history = dir.resolve("history.jsonl");
        nightly(history, "--run", folder.toString());
        try (var files = Files.walk(folder)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        copyRun(folder);

        Result today = nightly(history, "--run", folder.toString());

        assertThat(today.code).as(today.out).isEqualTo(NightlyJob.OK);
        assertThat(today.out)
                .contains("nightly: WARNING the baseline, run 1 of " + history)
                .containsPattern("/fixed-output/utterances: test-clean is 30 utterances .* but was")
                .contains("Tonight's run was written into that folder")
                .contains("nightly: OK without a paired comparison (WARNING above); run")
                .doesNotContain("paired utterances");
        assertThat(Files.readString(folder.resolve("report.html")))
                .contains("<section id=\"warnings\"")
                .contains("Tonight&#39;s run was written into that folder");
    }

    @Test
    void baselineWhoseSummaryNamesAnotherModelIsRefusedUntilAccepted() throws IOException {
        // The earlier audit's case: the baseline's folder was rewritten (here only its
        // summary.json) and the night passed on the expectations alone, saying nothing.
        Path baseline = copyRun(dir.resolve("baseline"));
        Path tonight = copyRun(dir.resolve("tonight"));
        Path history = dir.resolve("history.jsonl");
        nightly(history, "--run", baseline.toString());
        String recordedSha = summaryModelSha(baseline);
        String otherSha = "0".repeat(64);
        Files.writeString(
                baseline.resolve("summary.json"),
                Files.readString(baseline.resolve("summary.json")).replace(recordedSha, otherSha));

        Result refused = nightly(history, "--run", tonight.toString());
        List<String> afterRefusal = Files.readAllLines(history);
        Result accepted = nightly(history, "--run", tonight.toString(), "--accept");

        assertThat(refused.code).as(refused.out).isEqualTo(NightlyJob.ERROR);
        assertThat(refused.out)
                .contains("nightly: ERROR the baseline, run 1 of " + history)
                .contains(
                        "/baseline/summary.json: model sha256 is "
                                + otherSha
                                + " but was "
                                + recordedSha
                                + " when recorded")
                .contains("Nothing is recorded: restore that folder")
                .containsPattern("--run file:\\S*/tonight --accept");
        assertThat(refused.verdicts()).isEmpty();
        assertThat(afterRefusal).hasSize(1);

        assertThat(accepted.code).as(accepted.out).isEqualTo(NightlyJob.OK);
        assertThat(accepted.out)
                .contains("nightly: WARNING the baseline, run 1 of ")
                .contains("/baseline/summary.json: model sha256 is " + otherSha)
                .contains("becomes the new baseline")
                .doesNotContain("paired utterances");
        assertThat(accepted.verdicts())
                .hasSize(2)
                .allSatisfy(line -> assertThat(line).endsWith("no comparable previous run"));
        assertThat(Files.readAllLines(history)).hasSize(2);
        assertThat(Files.readString(tonight.resolve("report.html")))
                .contains("<section id=\"warnings\"")
                .contains("/baseline/summary.json: model sha256 is " + otherSha);
    }

    @Test
    void baselineHalfWrittenOrDeletedIsRefused() throws IOException {
        Path killed = copyRun(dir.resolve("killed-baseline"));
        Path history = dir.resolve("history.jsonl");
        nightly(history, "--run", killed.toString());
        Files.delete(killed.resolve("utterances/_SUCCESS"));

        Result halfWritten = nightly(history, "--run", real.toString());
        deleteRecursively(killed);
        Result deleted = nightly(history, "--run", real.toString());

        assertThat(halfWritten.code).as(halfWritten.out).isEqualTo(NightlyJob.ERROR);
        assertThat(halfWritten.out)
                .contains("nightly: ERROR the baseline, run 1 of ")
                .contains("/killed-baseline/utterances are incomplete: there is no _SUCCESS");
        assertThat(deleted.code).as(deleted.out).isEqualTo(NightlyJob.ERROR);
        assertThat(deleted.out).contains("/killed-baseline does not exist or is not a folder");
        assertThat(Files.readAllLines(history)).hasSize(1);
    }

    @Test
    void baselineRewrittenWithOtherReferencesNamesTheDataFingerprint() throws IOException {
        Path baseline = altered("replaced", "test-other", h -> h, r -> r);
        Path history = dir.resolve("history.jsonl");
        nightly(history, "--run", baseline.toString());
        // The folder now holds results over other references (A spelt E), as another data set's.
        deleteRecursively(baseline);
        altered("replaced", "test-other", h -> h, r -> r.replace('A', 'E'));

        Result today = nightly(history, "--run", real.toString());

        assertThat(today.code).as(today.out).isEqualTo(NightlyJob.ERROR);
        assertThat(today.out).containsPattern("/replaced/utterances: data fingerprint is \\w+ but");
    }

    @Test
    void changedReferencesMakeTheRunsIncomparable() throws IOException {
        Path better = altered("better", "test-clean", hypothesis -> null, reference -> reference);
        Path newData = altered("new-data", "test-other", h -> h, reference -> reference + " AMEN");
        Path history = dir.resolve("history.jsonl");
        nightly(history, "--run", better.toString());

        Result today = nightly(history, "--run", newData.toString());

        assertThat(today.code).as(today.out).isEqualTo(NightlyJob.OK);
        assertThat(today.verdicts())
                .hasSize(2)
                .allSatisfy(line -> assertThat(line).endsWith("no comparable previous run"));
    }

    @Test
    void fixedExpectationsDecideAgainstTheRunsOwnWer() throws IOException {
        double cleanWer =
                JsonParser.parseString(Files.readString(real.resolve("summary.json")))
                        .getAsJsonObject()
                        .getAsJsonObject("splits")
                        .getAsJsonObject("test-clean")
                        .get("wer")
                        .getAsDouble();
        Path met = dir.resolve("met.properties");
        Files.write(met, List.of("expect.test-clean.wer = " + cleanWer, "expect.tolerance = 0"));
        Path missed = dir.resolve("missed.properties");
        Files.write(
                missed,
                List.of("expect.test-clean.wer = " + (cleanWer - 0.02), "expect.tolerance = 0.01"));

        Result ok =
                nightly(
                        dir.resolve("a.jsonl"),
                        "--run",
                        real.toString(),
                        "--config",
                        met.toString());
        Result bad =
                nightly(
                        dir.resolve("b.jsonl"),
                        "--run",
                        real.toString(),
                        "--config",
                        missed.toString());

        assertThat(ok.code).as(ok.out).isEqualTo(NightlyJob.OK);
        assertThat(bad.code).as(bad.out).isEqualTo(NightlyJob.REGRESSION);
        assertThat(bad.verdicts())
                .anySatisfy(
                        line ->
                                assertThat(line)
                                        .startsWith("test-clean REGRESSION: ")
                                        .contains("; above expected ")
                                        .contains(" + tolerance 1.00 pts"))
                .anySatisfy(line -> assertThat(line).startsWith("test-other OK: "));
    }

    @Test
    void unreadableRunIsAnErrorAndRecordsNothing() {
        Path history = dir.resolve("history.jsonl");

        Result result = nightly(history, "--run", dir.resolve("no-such-run").toString());

        assertThat(result.code).isEqualTo(NightlyJob.ERROR);
        assertThat(result.out)
                .contains("Cannot read the run's per-utterance results")
                .contains("no-such-run does not exist or is not a folder");
        assertThat(history).doesNotExist();
    }

    @Test
    void reportThatCannotBeRewrittenIsAnErrorAndRecordsNothing() throws IOException {
        // Exit 2 means nothing was recorded, so that rerunning the night does not record it twice.
        Path run = copyRun(dir.resolve("unwritable-report"));
        Files.delete(run.resolve("report.html"));
        Files.createDirectories(run.resolve("report.html"));
        Files.writeString(run.resolve("report.html/in-the-way"), "x");
        Path history = dir.resolve("history.jsonl");

        Result result = nightly(history, "--run", run.toString());

        assertThat(result.code).as(result.out).isEqualTo(NightlyJob.ERROR);
        assertThat(history).doesNotExist();
    }

    @Test
    void runWithoutSuccessIsRefusedAndRecordsNothing() throws IOException {
        // What a killed evaluate run, or a copy that lost files, leaves: the audit's case.
        Path run = copyRun(dir.resolve("killed"));
        Files.delete(run.resolve("utterances/_SUCCESS"));
        Files.delete(partFiles(run).get(0));
        Path history = dir.resolve("history.jsonl");

        Result result = nightly(history, "--run", run.toString());

        assertThat(result.code).as(result.out).isEqualTo(NightlyJob.ERROR);
        assertThat(result.out)
                .contains("nightly: ERROR The run's per-utterance results file:")
                .contains("/killed/utterances are incomplete: there is no _SUCCESS");
        assertThat(result.verdicts()).isEmpty();
        assertThat(history).doesNotExist();
    }

    @Test
    void runWithFewerUtterancesThanItsSummaryIsRefusedAndRecordsNothing() throws IOException {
        Path run = copyRun(dir.resolve("lost-part"));
        Files.delete(partFiles(run).get(0));
        Path history = dir.resolve("history.jsonl");

        Result result = nightly(history, "--run", run.toString());

        assertThat(result.code).as(result.out).isEqualTo(NightlyJob.ERROR);
        assertThat(result.out)
                .containsPattern(
                        "nightly: ERROR The run file:\\S*/lost-part is incomplete or was changed"
                                + " after it finished: test-\\w+ has \\d+ utterances \\(0"
                                + " failed\\), \\d+ words .* in utterances/ but 30 utterances"
                                + " \\(0 failed\\), \\d+ words .* in summary.json");
        assertThat(result.verdicts()).isEmpty();
        assertThat(history).doesNotExist();
    }

    @Test
    void runWhoseSummaryWasEditedIsRefusedRatherThanReportedWithItsNumbers() throws IOException {
        // The report is rewritten from summary.json; its rows must be the counts recorded.
        Path run = copyRun(dir.resolve("edited-summary"));
        JsonObject edited =
                editSummary(
                        run,
                        summary -> {
                            JsonObject clean =
                                    summary.getAsJsonObject("splits").getAsJsonObject("test-clean");
                            clean.addProperty(
                                    "substitutions", clean.get("substitutions").getAsLong() - 1);
                        });
        long substitutions =
                edited.getAsJsonObject("splits")
                                .getAsJsonObject("test-clean")
                                .get("substitutions")
                                .getAsLong()
                        + 1;
        Path history = dir.resolve("history.jsonl");

        Result result = nightly(history, "--run", run.toString());

        assertThat(result.code).as(result.out).isEqualTo(NightlyJob.ERROR);
        assertThat(result.out)
                .containsPattern(
                        "/edited-summary is incomplete or was changed after it finished: test-clean"
                                + " has 30 utterances \\(0 failed\\), \\d+ words \\("
                                + substitutions
                                + " S, .* in utterances/ but .*\\("
                                + (substitutions - 1)
                                + " S, .* in summary.json");
        assertThat(history).doesNotExist();
    }

    @Test
    void aHistoryThatCannotBeCreatedStopsTheNightBeforeItEvaluates() throws IOException {
        Files.writeString(dir.resolve("afile"), "not a folder\n");
        Path history = dir.resolve("afile/history.jsonl");
        Path output = dir.resolve("tonight");

        Result result = nightlyEvaluating(history, output);

        assertThat(result.code).as(result.out).isEqualTo(NightlyJob.ERROR);
        assertThat(result.out)
                .contains("nightly: ERROR The history " + history)
                .contains(dir.resolve("afile") + " is a file, not a folder")
                .doesNotContain("appending");
        assertThat(output).doesNotExist();
    }

    @Test
    void aLeftoverHistoryLockStopsTheNightBeforeItEvaluates() throws IOException {
        // Found after the evaluation, it cost the night's hours and said to run them again.
        Path history = dir.resolve("left-lock/history.jsonl");
        Files.createDirectories(history.getParent());
        Files.writeString(dir.resolve("left-lock/history.jsonl.lock"), "appending\n");
        Path output = dir.resolve("left-lock-tonight");

        Result result = nightlyEvaluating(history, output);

        assertThat(result.code).as(result.out).isEqualTo(NightlyJob.ERROR);
        assertThat(result.out)
                .contains("nightly: ERROR Another nightly job is appending to " + history)
                .doesNotContain("%WER");
        assertThat(output).doesNotExist();
    }

    @Test
    void aNightThatCannotBeRecordedPrintsNoVerdictLines() throws IOException {
        // A log whose split lines say OK, followed by an ERROR, was read as a passing night.
        Path history = dir.resolve("locked/history.jsonl");
        Files.createDirectories(history.getParent());
        Files.writeString(dir.resolve("locked/history.jsonl.lock"), "appending\n");

        Result result = nightly(history, "--run", real.toString());

        assertThat(result.code).as(result.out).isEqualTo(NightlyJob.ERROR);
        assertThat(result.verdicts()).isEmpty();
        assertThat(result.out).contains("nightly: ERROR Another nightly job is appending to ");
    }

    @Test
    void aSummaryWithoutItsSpeedFieldIsRecordedWithTheSpeedItsSecondsGive() throws IOException {
        // rtfx is derived from audio_seconds and wall_seconds; a summary edited by hand or written
        // without it was a NullPointerException that named no file.
        Path run = copyRun(dir.resolve("no-rtfx"));
        JsonObject runInfo =
                editSummary(run, summary -> summary.getAsJsonObject("run").remove("rtfx"))
                        .getAsJsonObject("run");
        Path history = dir.resolve("history.jsonl");

        Result result = nightly(history, "--run", run.toString());

        assertThat(result.code).as(result.out).isEqualTo(NightlyJob.OK);
        HistoryRecord record =
                RunHistory.read(
                                spark.sparkContext().hadoopConfiguration(),
                                history.toUri().toString())
                        .get(0);
        assertThat(record.rtfx())
                .isEqualTo(
                        runInfo.get("audio_seconds").getAsDouble()
                                / runInfo.get("wall_seconds").getAsDouble());
    }

    private static String summaryModelSha(Path run) throws IOException {
        return JsonParser.parseString(Files.readString(run.resolve("summary.json")))
                .getAsJsonObject()
                .getAsJsonObject("model")
                .get("sha256")
                .getAsString();
    }

    private static void deleteRecursively(Path folder) throws IOException {
        try (var files = Files.walk(folder)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static List<Path> partFiles(Path run) throws IOException {
        try (var files = Files.list(run.resolve("utterances"))) {
            List<Path> parts =
                    files.filter(f -> f.getFileName().toString().startsWith("part-"))
                            .filter(f -> f.toString().endsWith(".parquet"))
                            .sorted()
                            .toList();
            assertThat(parts).as("the real run's part files").hasSizeGreaterThan(1);
            return parts;
        }
    }

    /**
     * Copies the real run with the given split's hypotheses and references rewritten and every
     * count recomputed with the project's scorer; a hypothesis mapped to {@code null} becomes the
     * (rewritten) reference, i.e. a perfect transcript.
     */
    private Path altered(
            String name,
            String split,
            UnaryOperator<String> hypothesis,
            UnaryOperator<String> reference)
            throws IOException {
        Path out = dir.resolve(name);
        List<Row> rows = new ArrayList<>();
        for (Row row :
                spark.read().parquet(real.resolve("utterances").toString()).collectAsList()) {
            if (!row.getString(1).equals(split)) {
                rows.add(row);
                continue;
            }
            String ref = reference.apply(row.getString(6));
            String hyp = hypothesis.apply(row.getString(7));
            rows.add(rescored(row, ref, hyp == null ? ref : hyp));
        }
        spark.createDataFrame(rows, ResultRows.SCHEMA)
                .write()
                .parquet(out.resolve("utterances").toString());
        // The summary of a run that really had these transcripts has their counts.
        JsonObject summary =
                JsonParser.parseString(Files.readString(real.resolve("summary.json")))
                        .getAsJsonObject();
        JsonObject totals = summary.getAsJsonObject("splits").getAsJsonObject(split);
        List<String> fields =
                List.of(
                        "substitutions",
                        "deletions",
                        "insertions",
                        "words",
                        "character_substitutions",
                        "character_deletions",
                        "character_insertions",
                        "characters");
        for (int i = 0; i < fields.size(); i++) {
            int column = 8 + i; // the count columns of ResultRows.SCHEMA, in this order
            totals.addProperty(
                    fields.get(i),
                    rows.stream()
                            .filter(row -> row.getString(1).equals(split))
                            .mapToLong(row -> row.getLong(column))
                            .sum());
        }
        Files.writeString(out.resolve("summary.json"), summary.toString());
        return out;
    }

    private static Row rescored(Row row, String reference, String hypothesis) {
        UtteranceScore score = UtteranceScorer.score(reference, hypothesis);
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < row.length(); i++) {
            values.add(row.get(i));
        }
        values.set(6, reference);
        values.set(7, hypothesis);
        values.set(8, score.words().substitutions());
        values.set(9, score.words().deletions());
        values.set(10, score.words().insertions());
        values.set(11, score.words().referenceLength());
        values.set(12, score.chars().substitutions());
        values.set(13, score.chars().deletions());
        values.set(14, score.chars().insertions());
        values.set(15, score.chars().referenceLength());
        return RowFactory.create(values.toArray());
    }

    private record Result(int code, String out) {
        List<String> verdicts() {
            return out.lines().filter(l -> l.matches("test-\\w+ (OK|REGRESSION): .*")).toList();
        }
    }

    /** A night that evaluates the bundled samples with the bundled model into {@code output}. */
    private static Result nightlyEvaluating(Path history, Path output) {
        return nightly(
                history,
                "--data",
                SampleData.ROOT.toString(),
                "--model",
                SampleData.MODEL.toString(),
                "--output",
                output.toString(),
                "--device",
                "cpu");
    }

    private static Result nightly(Path history, String... args) {
        List<String> all = new ArrayList<>(List.of("--history", history.toString()));
        all.addAll(List.of(args));
        all.addAll(List.of("--commit", "test-commit"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code =
                NightlyJob.run(
                        spark,
                        NightlyOptionsParser.parse(all.toArray(String[]::new)),
                        new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Result(code, bytes.toString(StandardCharsets.UTF_8));
    }

    /** A copy of the real run, so a test can add history to it without touching the others. */
    /** Edits a run's summary.json in place, as a person or another tool might; the edited JSON. */
    private static JsonObject editSummary(Path run, Consumer<JsonObject> edit) throws IOException {
        JsonObject summary =
                JsonParser.parseString(Files.readString(run.resolve("summary.json")))
                        .getAsJsonObject();
        edit.accept(summary);
        Files.writeString(run.resolve("summary.json"), summary.toString());
        return summary;
    }

    private static Path copyRun(Path target) throws IOException {
        try (var files = Files.walk(real)) {
            for (Path source : files.toList()) {
                Path destination = target.resolve(real.relativize(source).toString());
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
    void aHistoryOnAFileSystemThatCannotOpenIsNamed() throws IOException {
        // As s3a: without hadoop-aws: a stack trace and a bare ClassNotFoundException before.
        spark.sparkContext().hadoopConfiguration().set("fs.nojar.impl", "org.example.NoSuch");
        Path run = copyRun(dir.resolve("run-for-nojar"));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code =
                NightlyJob.run(
                        spark,
                        NightlyOptionsParser.parse(
                                "--history", "nojar://b/h.jsonl", "--run", run.toString()),
                        new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(NightlyJob.ERROR);
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .startsWith("nightly: ERROR --history nojar://b/h.jsonl: cannot open its file");
    }
}
