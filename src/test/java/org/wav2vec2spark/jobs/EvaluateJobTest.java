package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wav2vec2spark.SparkTestBase;
import org.wav2vec2spark.jobs.output.OutputWriteException;
import org.wav2vec2spark.metrics.CaseFolding;
import org.wav2vec2spark.metrics.EditCounts;
import org.wav2vec2spark.metrics.ErrorRates;
import org.wav2vec2spark.metrics.UtteranceScorer;
import org.wav2vec2spark.model.ModelCache;
import org.wav2vec2spark.report.RunSummary;
import org.wav2vec2spark.report.SplitSummary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The whole evaluate job in local mode on the bundled samples and model. */
class EvaluateJobTest extends SparkTestBase {
    @TempDir Path output;

    @Test
    void evaluatesEveryUtteranceOfEverySplit() throws IOException {
        // As on a fresh executor: an earlier test in this JVM may have left the model loaded.
        ModelCache.closeAll();
        RunSummary summary =
                EvaluateJob.run(spark, options(SampleData.ROOT, output.resolve("run"), 0));

        Map<String, Long> words = SampleData.referenceWordsBySplit(SampleData.ROOT);
        Map<String, Long> utterances = SampleData.utterancesBySplit(SampleData.ROOT);
        assertThat(summary.splits()).containsOnlyKeys(SampleData.splits());
        for (String name : SampleData.splits()) {
            SplitSummary split = summary.splits().get(name);
            assertThat(split.utterances()).as(name).isEqualTo(utterances.get(name));
            assertThat(split.failed()).as(name).isZero();
            assertThat(split.words().referenceLength()).as(name).isEqualTo(words.get(name));
            assertThat(split.audioSeconds()).as(name).isGreaterThan(2.0 * utterances.get(name));
            assertThat(split.wer()).as(name).isLessThanOrEqualTo(SampleData.maxWer(name));
            assertThat(split.cer()).as(name).isLessThanOrEqualTo(SampleData.maxCer(name));
        }
        assertThat(summary.run().modelLoads()).isEqualTo(1);
        assertThat(summary.run().executors()).isEqualTo(1);
        assertThat(summary.run().batches()).isPositive();

        Dataset<Row> rows = spark.read().parquet(output.resolve("run/utterances").toString());
        assertThat(rows.count())
                .isEqualTo(utterances.values().stream().mapToLong(Long::longValue).sum());
        assertThat(rows.filter("hypothesis is null or reference is null").count()).isZero();
        assertThat(rows.select("id").distinct().count()).isEqualTo(rows.count());
        Row totals =
                rows.filter("split = 'test-clean'")
                        .selectExpr(
                                "sum(substitutions + deletions + insertions)",
                                "sum(reference_words)")
                        .first();
        SplitSummary clean = summary.splits().get("test-clean");
        assertThat(totals.getLong(0)).isEqualTo(clean.words().errors());
        assertThat(totals.getLong(1)).isEqualTo(clean.words().referenceLength());

        JsonObject json =
                JsonParser.parseString(Files.readString(output.resolve("run/summary.json")))
                        .getAsJsonObject();
        JsonObject cleanJson = json.getAsJsonObject("splits").getAsJsonObject("test-clean");
        assertThat(cleanJson.get("utterances").getAsLong()).isEqualTo(clean.utterances());
        assertThat(cleanJson.get("words").getAsLong()).isEqualTo(clean.words().referenceLength());
        assertThat(cleanJson.get("wer").getAsDouble()).isEqualTo(clean.wer());
        assertThat(json.getAsJsonObject("run").get("model_loads").getAsLong()).isEqualTo(1);
        assertThat(json.getAsJsonObject("model").get("sha256").getAsString()).hasSize(64);
    }

    @Test
    void theErrorBoundsCatchAMisJoinedReference() throws IOException {
        EvaluateJob.run(spark, options(SampleData.ROOT, output.resolve("run"), 0));
        List<Row> rows =
                spark.read()
                        .parquet(output.resolve("run/utterances").toString())
                        .filter("split = 'test-clean'")
                        .orderBy("id")
                        .collectAsList();

        // Each hypothesis scored against the next utterance's reference, as a join on the wrong
        // key would pair them.
        EditCounts joined = EditCounts.ZERO;
        EditCounts misJoined = EditCounts.ZERO;
        for (int i = 0; i < rows.size(); i++) {
            String hypothesis = rows.get(i).getAs("hypothesis");
            String reference = rows.get(i).getAs("reference");
            String nextReference = rows.get((i + 1) % rows.size()).getAs("reference");
            joined = joined.plus(UtteranceScorer.score(reference, hypothesis).chars());
            misJoined = misJoined.plus(UtteranceScorer.score(nextReference, hypothesis).chars());
        }
        System.out.printf(
                "test-clean CER: joined %.4f, mis-joined %.4f%n",
                ErrorRates.cer(joined), ErrorRates.cer(misJoined));
        assertThat(ErrorRates.cer(joined)).isLessThanOrEqualTo(SampleData.maxCer("test-clean"));
        assertThat(ErrorRates.cer(misJoined)).isGreaterThan(0.7);
    }

    @Test
    void hypothesesDoNotDependOnPartitioning() throws IOException {
        // The bundled model is exported with exact batching, so the job batches by default
        // (960000 padded samples): which utterances share a partition, and so a batch, must not
        // change any hypothesis. (A plain export would: 53 of 60 differed for one with random
        // weights.)
        EvaluateJob.run(
                spark, options(SampleData.ROOT, output.resolve("one"), 0, "--partitions", "1"));
        EvaluateJob.run(
                spark, options(SampleData.ROOT, output.resolve("three"), 0, "--partitions", "3"));

        Dataset<Row> one = spark.read().parquet(output.resolve("one/utterances").toString());
        Dataset<Row> three = spark.read().parquet(output.resolve("three/utterances").toString());
        assertThat(one.count()).isEqualTo(three.count());
        assertThat(one.select("id", "hypothesis").except(three.select("id", "hypothesis")).count())
                .isZero();
    }

    @Test
    void batchSamplesOneRunsEveryUtteranceAlone() throws IOException {
        RunSummary summary =
                EvaluateJob.run(
                        spark,
                        options(
                                SampleData.ROOT,
                                output.resolve("alone"),
                                0,
                                "--splits",
                                "test-clean",
                                "--batch-samples",
                                "1"));

        assertThat(summary.run().batches())
                .isEqualTo(SampleData.utterancesBySplit(SampleData.ROOT).get("test-clean"));
        assertThat(summary.run().batchFill()).isEqualTo(1.0);
    }

    @Test
    void secondRunInTheSameJvmReusesTheLoadedModel() throws IOException {
        ModelCache.closeAll();
        RunSummary first =
                EvaluateJob.run(spark, options(SampleData.ROOT, output.resolve("first"), 0));
        long loads = ModelCache.loadCount();
        assertThat(first.run().modelLoads()).isEqualTo(1);

        RunSummary second =
                EvaluateJob.run(spark, options(SampleData.ROOT, output.resolve("second"), 0));

        assertThat(ModelCache.loadCount()).isEqualTo(loads);
        assertThat(second.run().modelLoads()).as("loads the second run made").isZero();
        assertThat(second.run().executors()).isEqualTo(1);
    }

    @Test
    void aModelFolderWhoseFilesChangedBetweenRunsIsLoadedAnew(@TempDir Path model)
            throws IOException {
        // As when a model is exported again into the same folder between two jobs of a notebook's
        // application: the executors must not keep answering with the model they loaded first.
        SampleData.copyModelTo(model);
        EvaluateJob.run(
                spark,
                options(
                        SampleData.ROOT,
                        output.resolve("first"),
                        0,
                        "--model",
                        model.toString(),
                        "--splits",
                        "test-clean"));
        Files.writeString(
                model.resolve("config.json"),
                Files.readString(model.resolve("config.json")) + "\n");

        RunSummary second =
                EvaluateJob.run(
                        spark,
                        options(
                                SampleData.ROOT,
                                output.resolve("second"),
                                0,
                                "--model",
                                model.toString(),
                                "--splits",
                                "test-clean"));

        assertThat(second.run().modelLoads()).isEqualTo(1);
    }

    @Test
    void damagedInputsBecomeCountedFailuresNamingTheFile(@TempDir Path data) throws IOException {
        SampleData.copyTo(data);
        Path chapter = firstChapter(data.resolve("test-clean"));
        List<Path> flacs;
        try (var files = Files.list(chapter)) {
            flacs = files.filter(f -> f.toString().endsWith(".flac")).sorted().toList();
        }
        byte[] audio = Files.readAllBytes(flacs.get(0));
        Files.write(flacs.get(0), java.util.Arrays.copyOf(audio, audio.length / 2)); // truncated
        Files.delete(flacs.get(1)); // line without audio

        RunSummary summary = EvaluateJob.run(spark, options(data, output.resolve("damaged"), 1));

        SplitSummary clean = summary.splits().get("test-clean");
        assertThat(clean.failed()).isEqualTo(2);
        assertThat(clean.utterances())
                .isEqualTo(SampleData.utterancesBySplit(SampleData.ROOT).get("test-clean"));
        assertThat(summary.failures())
                .extracting(RunSummary.FailedUtterance::error)
                .anySatisfy(
                        error -> assertThat(error).contains(flacs.get(0).getFileName().toString()))
                .anySatisfy(
                        error ->
                                assertThat(error)
                                        .contains("has no audio file")
                                        .contains(flacs.get(1).getFileName().toString()));
        assertThat(summary.splits().get("test-other").failed()).isZero();
    }

    @Test
    void existingOutputIsNotOverwrittenUnlessAsked() throws IOException {
        Files.createDirectories(output.resolve("taken/utterances"));
        Files.writeString(output.resolve("taken/summary.json"), "{}");
        Files.createDirectories(output.resolve("notes"));
        Files.writeString(output.resolve("notes/notes.txt"), "not a run");

        assertThatThrownBy(
                        () ->
                                EvaluateJob.run(
                                        spark,
                                        options(SampleData.ROOT, output.resolve("taken"), 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already exists; choose a new folder or pass --overwrite");

        // A folder that is not an evaluate run is never taken for an unfinished one.
        assertThatThrownBy(
                        () ->
                                EvaluateJob.run(
                                        spark,
                                        options(SampleData.ROOT, output.resolve("notes"), 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already exists; choose a new folder or pass --overwrite");
        assertThat(output.resolve("taken/summary.json")).exists();
        assertThat(output.resolve("notes/notes.txt")).exists();
    }

    @Test
    void whatAFailedRunLeftIsReplacedByTheNextRun() throws IOException {
        // A job that failed (or was killed) leaves utterances/ with no _SUCCESS and no summary.
        Files.createDirectories(output.resolve("run/utterances/_temporary/0"));
        Path data = oneUtterance(output.resolve("data"));

        RunSummary summary = EvaluateJob.run(spark, options(data, output.resolve("run"), 0));

        assertThat(summary.utteranceTotal()).isEqualTo(1);
        assertThat(output.resolve("run/summary.json")).exists();
        assertThat(output.resolve("run/utterances/_SUCCESS")).exists();
    }

    @Test
    void aSecondRunOnTheOutputIsRefusedLeavingTheFirstRunsUnfinishedFolder() throws IOException {
        // The first run is still writing: without the lock the second would take its folder for
        // a failed run's, move it aside, and the two would write into one table.
        Path writing = Files.createDirectories(output.resolve("busy/utterances/_temporary/0"));
        Path lock = output.resolve(".busy.lock");
        Files.writeString(
                lock, "host=elsewhere\npid=7\nstarted=2026-12-02T01:00:00Z\ntoken=first\n");
        Path data = oneUtterance(output.resolve("busy-data"));

        assertThatThrownBy(() -> EvaluateJob.run(spark, options(data, output.resolve("busy"), 0)))
                .isInstanceOf(OutputWriteException.class)
                .hasMessageContaining("another job is writing to it (process 7 on")
                .hasMessageContaining("delete " + lock);
        assertThat(writing).exists();
        assertThat(lock).content().contains("token=first");

        Files.delete(lock);
        RunSummary summary = EvaluateJob.run(spark, options(data, output.resolve("busy"), 0));
        assertThat(summary.utteranceTotal()).isEqualTo(1);
        assertThat(lock).doesNotExist();
    }

    @Test
    void overwriteKeepsTheEarlierOutputWhenTheInputIsWrong() throws IOException {
        Files.createDirectories(output.resolve("earlier/utterances"));
        Files.writeString(output.resolve("earlier/summary.json"), "{}");

        assertThatThrownBy(
                        () ->
                                EvaluateJob.run(
                                        spark,
                                        options(
                                                output.resolve("nonexistent"),
                                                output.resolve("earlier"),
                                                0,
                                                "--overwrite")))
                .hasMessageContaining("does not exist or is not a folder");
        assertThatThrownBy(
                        () ->
                                EvaluateJob.run(
                                        spark,
                                        options(
                                                SampleData.ROOT,
                                                output.resolve("earlier"),
                                                0,
                                                "--overwrite",
                                                "--splits",
                                                "nope")))
                .hasMessageContaining("Split 'nope' not found");
        assertThat(output.resolve("earlier/summary.json")).hasContent("{}");
    }

    @Test
    void aModelThatWritesLowerCaseIsScoredAgainstUpperCaseReferencesCaseFolded(@TempDir Path models)
            throws IOException {
        // The bundled model with its letters renamed to lower case in vocab.json, as a community
        // fine-tune's vocabulary is: same logits, the same text in lower case.
        Path lowerCaseModel = SampleData.copyModelTo(models.resolve("lower-case"));
        Path vocab = lowerCaseModel.resolve("vocab.json");
        JsonObject upper = JsonParser.parseString(Files.readString(vocab)).getAsJsonObject();
        JsonObject lower = new JsonObject();
        upper.entrySet()
                .forEach(
                        e ->
                                lower.add(
                                        e.getKey().length() == 1
                                                ? e.getKey().toLowerCase(Locale.ROOT)
                                                : e.getKey(),
                                        e.getValue()));
        Files.writeString(vocab, lower.toString());

        RunSummary asWritten =
                EvaluateJob.run(
                        spark,
                        options(
                                SampleData.ROOT,
                                output.resolve("upper"),
                                0,
                                "--splits",
                                "test-clean"));
        RunSummary folded =
                EvaluateJob.run(
                        spark,
                        EvaluateOptionsParser.parse(
                                "--data",
                                SampleData.ROOT.toString(),
                                "--model",
                                lowerCaseModel.toString(),
                                "--output",
                                output.resolve("lower").toString(),
                                "--device",
                                "cpu",
                                "--splits",
                                "test-clean"));

        SplitSummary upperClean = asWritten.splits().get("test-clean");
        SplitSummary lowerClean = folded.splits().get("test-clean");
        assertThat(asWritten.run().caseFolding()).isEqualTo(CaseFolding.NONE);
        assertThat(folded.run().caseFolding()).isEqualTo(CaseFolding.UPPER);
        assertThat(lowerClean.words()).isEqualTo(upperClean.words());
        assertThat(lowerClean.characters()).isEqualTo(upperClean.characters());
        assertThat(upperClean.wer()).isLessThanOrEqualTo(SampleData.maxWer("test-clean"));

        // The results keep the hypotheses as the model wrote them.
        Map<String, String> upperHypotheses = hypotheses(output.resolve("upper"));
        Map<String, String> lowerHypotheses = hypotheses(output.resolve("lower"));
        assertThat(lowerHypotheses).hasSameSizeAs(upperHypotheses);
        upperHypotheses.forEach(
                (id, hypothesis) ->
                        assertThat(lowerHypotheses.get(id))
                                .as(id)
                                .isEqualTo(hypothesis.toLowerCase(Locale.ROOT)));
        assertThat(String.join(" ", lowerHypotheses.values())).matches(".*[a-z].*");

        JsonObject run =
                JsonParser.parseString(Files.readString(output.resolve("lower/summary.json")))
                        .getAsJsonObject()
                        .getAsJsonObject("run");
        assertThat(run.get("case_folding").getAsString()).isEqualTo("upper");
        assertThat(
                        JsonParser.parseString(
                                        Files.readString(output.resolve("upper/summary.json")))
                                .getAsJsonObject()
                                .getAsJsonObject("run")
                                .get("case_folding")
                                .getAsString())
                .isEqualTo("none");
        assertThat(Files.readString(output.resolve("lower/report.html"))).contains("case folded");
    }

    private Map<String, String> hypotheses(Path run) {
        Map<String, String> byId = new java.util.TreeMap<>();
        for (Row row :
                spark.read()
                        .parquet(run.resolve("utterances").toString())
                        .select("id", "hypothesis")
                        .collectAsList()) {
            byId.put(row.getString(0), row.getString(1));
        }
        return byId;
    }

    /** A LibriSpeech root holding the samples' first test-clean utterance alone. */
    private static Path oneUtterance(Path root) throws IOException {
        Path flac = SampleData.firstUtterance();
        Path chapter = flac.getParent();
        String id = flac.getFileName().toString().replace(".flac", "");
        String transcript = id.substring(0, id.lastIndexOf('-')) + ".trans.txt";
        Path target = root.resolve(SampleData.ROOT.relativize(chapter).toString());
        Files.createDirectories(target);
        Files.copy(flac, target.resolve(flac.getFileName().toString()));
        Files.write(
                target.resolve(transcript),
                Files.readAllLines(chapter.resolve(transcript)).stream()
                        .filter(line -> line.startsWith(id + " "))
                        .toList());
        return root;
    }

    private static Path firstChapter(Path split) throws IOException {
        try (var speakers = Files.list(split)) {
            Path speaker = speakers.sorted().findFirst().orElseThrow();
            try (var chapters = Files.list(speaker)) {
                return chapters.sorted().findFirst().orElseThrow();
            }
        }
    }

    private static EvaluateOptions options(Path data, Path out, double maxFailed, String... extra) {
        List<String> args =
                new java.util.ArrayList<>(
                        List.of("--max-failed-fraction", Double.toString(maxFailed)));
        args.addAll(List.of(extra));
        return SampleData.evaluateOptions(data.toString(), out, args.toArray(String[]::new));
    }
}
