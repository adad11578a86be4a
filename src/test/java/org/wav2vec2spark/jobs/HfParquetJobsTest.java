package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wav2vec2spark.SparkTestBase;
import org.wav2vec2spark.data.HfParquetFixtures;
import org.wav2vec2spark.data.HfParquetSource;
import org.wav2vec2spark.jobs.executor.RecordingKeySet;
import org.wav2vec2spark.jobs.executor.TranscriptRows;
import org.wav2vec2spark.jobs.output.TranscribeSummary;
import org.wav2vec2spark.model.ModelCache;
import org.wav2vec2spark.report.RunSummary;
import org.wav2vec2spark.report.SplitSummary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Both jobs on the bundled samples written as Hugging Face librispeech_asr Parquet. */
class HfParquetJobsTest extends SparkTestBase {
    @TempDir static Path dir;

    @BeforeAll
    static void writeFixture() throws IOException {
        // The "clean" and "other" configurations' layout: <config>/test/*.parquet.
        for (String split : SampleData.splits()) {
            writeSplit(split, dir.resolve("hf/" + split.substring(5) + "/test"));
        }
    }

    @AfterAll
    static void closeModels() {
        ModelCache.closeAll();
    }

    /** One row per FLAC of a split: its bytes, and its line of the chapter transcript. */
    static void writeSplit(String split, Path target) throws IOException {
        List<Row> rows = new ArrayList<>();
        List<Path> transcripts;
        try (Stream<Path> files = Files.walk(SampleData.ROOT.resolve(split))) {
            transcripts = files.filter(f -> f.toString().endsWith(".trans.txt")).toList();
        }
        for (Path transcript : transcripts) {
            for (String line : Files.readAllLines(transcript)) {
                String id = line.substring(0, line.indexOf(' '));
                String[] parts = id.split("-");
                Path flac = transcript.resolveSibling(id + ".flac");
                rows.add(
                        RowFactory.create(
                                flac.toString(),
                                RowFactory.create(Files.readAllBytes(flac), id + ".flac"),
                                line.substring(id.length() + 1),
                                Long.parseLong(parts[0]),
                                Long.parseLong(parts[1]),
                                id));
            }
        }
        spark.createDataFrame(rows, HfParquetFixtures.SCHEMA)
                .coalesce(1)
                .write()
                .parquet(target.toString());
    }

    private static String hfData() {
        return dir.resolve("hf/clean/test") + "," + dir.resolve("hf/other/test");
    }

    private static RunSummary evaluate(String data, String name) throws IOException {
        return EvaluateJob.run(spark, SampleData.evaluateOptions(data, dir.resolve(name)));
    }

    /**
     * Evaluates with a model directory that does not exist: a check that stops the run before the
     * model is opened is the only way it can end other than with that missing model.
     */
    private static RunSummary evaluateWithoutModel(String data, String name, String... extra)
            throws IOException {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--data",
                                data,
                                "--model",
                                dir.resolve("no-model").toString(),
                                "--output",
                                dir.resolve(name).toString()));
        args.addAll(List.of(extra));
        return EvaluateJob.run(spark, EvaluateOptionsParser.parse(args.toArray(String[]::new)));
    }

    private static Map<String, String> column(String parquet, String key, String value) {
        return spark.read().parquet(parquet).select(key, value).collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getString(0), r -> r.getString(1)));
    }

    @Test
    void evaluateAndTranscribeReadTheParquetAsTheFolder() throws IOException {
        RunSummary parquet = evaluate(hfData(), "eval-parquet");
        RunSummary folder = evaluate(SampleData.ROOT.toString(), "eval-folder");

        assertThat(parquet.splits()).containsOnlyKeys(SampleData.splits());
        for (String name : SampleData.splits()) {
            SplitSummary fromParquet = parquet.splits().get(name);
            SplitSummary fromFolder = folder.splits().get(name);
            assertThat(fromParquet.utterances()).as(name).isEqualTo(fromFolder.utterances());
            assertThat(fromParquet.failed()).as(name).isZero();
            assertThat(fromParquet.words()).as(name).isEqualTo(fromFolder.words());
            assertThat(fromParquet.audioSeconds())
                    .as(name)
                    .isCloseTo(fromFolder.audioSeconds(), within(1e-9));
        }
        Map<String, String> hypotheses =
                column(dir.resolve("eval-folder/utterances").toString(), "id", "hypothesis");
        assertThat(column(dir.resolve("eval-parquet/utterances").toString(), "id", "hypothesis"))
                .isEqualTo(hypotheses);

        String output = dir.resolve("transcribed").toString();
        TranscribeSummary first = transcribe(output);
        TranscribeSummary again = transcribe(output);

        assertThat(first.transcribed()).isEqualTo(60);
        assertThat(first.failed()).isZero();
        assertThat(again.alreadyDone()).isEqualTo(60);
        assertThat(again.transcribed()).isZero();
        // Utterances shorter than the 30 s window: the transcript is the evaluation's hypothesis.
        Map<String, String> transcripts =
                column(output, "member", "transcript").entrySet().stream()
                        .collect(
                                Collectors.toMap(
                                        e -> e.getKey().replace(".flac", ""), Map.Entry::getValue));
        assertThat(transcripts).isEqualTo(hypotheses);
    }

    @Test
    void recordingsLeftCountsTheRowsNotDoneWhateverElseTheOutputHolds() throws IOException {
        Dataset<Row> rows =
                HfParquetSource.recordingRows(
                        spark,
                        HfParquetSource.findFiles(
                                jsc.hadoopConfiguration(),
                                List.of(dir.resolve("hf/clean/test").toString())));
        List<String> keys =
                HfParquetSource.recordingNames(rows).collect().stream()
                        .map(name -> TranscriptRows.key(name._1(), name._2()))
                        .toList();
        // Three of these rows done, and a hundred recordings of another input in the same output.
        List<String> done = new ArrayList<>(keys.subList(0, 3));
        for (int i = 0; i < 100; i++) {
            done.add("/elsewhere/" + i + ".flac");
        }

        long left =
                TranscribeJob.recordingsLeft(
                        rows, rows.count(), jsc.broadcast(RecordingKeySet.of(done)));

        assertThat(keys).hasSize(30);
        assertThat(left).isEqualTo(27);
    }

    @Test
    void parquetWithoutTheLayoutsColumnsIsRejectedNamingThem() throws IOException {
        Path bare = dir.resolve("bare/test-clean");
        spark.read()
                .parquet(dir.resolve("hf/clean/test").toString())
                .drop("text", "speaker_id")
                .write()
                .parquet(bare.toString());

        assertThatThrownBy(() -> evaluate(bare.toString(), "eval-bare"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        " lacks text, speaker_id; expected the librispeech_asr layout");
    }

    @Test
    void overlappingConfigurationsAreAnErrorInsteadOfScoringTwice() throws IOException {
        // The dataset's "all" configuration holds the "clean" one's test split again.
        Path all = dir.resolve("hf/all/test.clean");
        spark.read()
                .parquet(dir.resolve("hf/clean/test").toString())
                .write()
                .parquet(all.toString());

        // Found before the model is opened: a model directory that does not exist is not reached.
        assertThatThrownBy(
                        () ->
                                evaluateWithoutModel(
                                        dir.resolve("hf/clean/test") + "," + all, "eval-overlap"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "30 utterance(s) came more than once from the input, and the WER would"
                                + " count every copy:")
                .hasMessageContaining("/hf/all/test.clean/")
                .hasMessageContaining("/hf/clean/test/");
        assertThat(dir.resolve("eval-overlap")).doesNotExist();
    }

    @Test
    void aMistypedSplitIsRefusedBeforeAnyAudioIsRead() {
        // A model directory that does not exist is not reached: the run stops at the listing,
        // not after evaluating the splits that do exist.
        assertThatThrownBy(
                        () ->
                                evaluateWithoutModel(
                                        hfData(), "eval-typo", "--splits", "test-clean,test-othr"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "No Parquet file of split(s) test-othr; the files' splits are"
                                + " [test-clean, test-other]");
        assertThat(dir.resolve("eval-typo")).doesNotExist();
    }

    @Test
    void rowsWithoutAnIdAreFailedRowsNotRepeats() throws IOException {
        // Two rows without id, and without audio.path either: each is a failed row of its own.
        Path noIds = dir.resolve("no-ids/test-clean");
        Object[] twoIds = firstTwoIds();
        spark.read()
                .parquet(dir.resolve("hf/clean/test").toString())
                .orderBy("id")
                .withColumn(
                        "audio",
                        functions
                                .when(
                                        functions.col("id").isin(twoIds),
                                        functions.struct(
                                                functions.col("audio.bytes").as("bytes"),
                                                functions.lit(null).cast("string").as("path")))
                                .otherwise(functions.col("audio")))
                .withColumn(
                        "id",
                        functions
                                .when(functions.col("id").isin(twoIds), functions.lit(null))
                                .otherwise(functions.col("id")))
                .coalesce(1)
                .write()
                .parquet(noIds.toString());

        RunSummary summary = evaluate(noIds.toString(), "eval-no-ids");

        assertThat(summary.splits().get("test-clean").utterances()).isEqualTo(30);
        assertThat(summary.splits().get("test-clean").failed()).isEqualTo(2);
    }

    @Test
    void recordingsWithoutPathOrIdAreKeptApartByTheirRow() throws IOException {
        // Datasets built from arrays store audio.path = None; without an id column every row
        // would share the file's key, and a rerun would skip the failed ones with the rest.
        Path unnamed = dir.resolve("unnamed/test-clean");
        spark.read()
                .parquet(dir.resolve("hf/clean/test").toString())
                .drop("id")
                .withColumn(
                        "audio",
                        functions.struct(
                                functions.col("audio.bytes").as("bytes"),
                                functions.lit(null).cast("string").as("path")))
                .coalesce(1)
                .write()
                .parquet(unnamed.toString());
        String output = dir.resolve("transcribed-unnamed").toString();

        TranscribeSummary first =
                TranscribeJob.run(
                        spark,
                        TranscribeOptionsParser.parse(
                                "--input",
                                unnamed.toString(),
                                "--output",
                                output,
                                "--model",
                                SampleData.MODEL.toString(),
                                "--device",
                                "cpu"));

        assertThat(first.transcribed()).isEqualTo(30);
        assertThat(
                        spark.read()
                                .parquet(output)
                                .select("member")
                                .distinct()
                                .as(org.apache.spark.sql.Encoders.STRING())
                                .collectAsList())
                .hasSize(30)
                .allMatch(member -> member != null && member.startsWith("#"));
    }

    @Test
    void recordingsSharingAPathAreKeptApartAndAFailedOneIsRetried() throws IOException {
        // datasets keeps only the file name of an embedded recording's path: spk1/001.wav and
        // spk2/001.wav both read 001.wav. One key for both, and a rerun skipped the failed one
        // as done.
        String broken = (String) firstTwoIds()[0];
        Path shared = dir.resolve("shared-paths/test-clean");
        spark.read()
                .parquet(dir.resolve("hf/clean/test").toString())
                .withColumn(
                        "audio",
                        functions.struct(
                                functions
                                        .when(
                                                functions.col("id").equalTo(broken),
                                                functions.lit(new byte[] {1, 2, 3}))
                                        .otherwise(functions.col("audio.bytes"))
                                        .as("bytes"),
                                functions.lit("001.flac").as("path")))
                .coalesce(1)
                .write()
                .parquet(shared.toString());
        String output = dir.resolve("transcribed-shared").toString();
        String[] args = {
            "--input",
            shared.toString(),
            "--output",
            output,
            "--model",
            SampleData.MODEL.toString(),
            "--device",
            "cpu"
        };

        TranscribeSummary first = TranscribeJob.run(spark, TranscribeOptionsParser.parse(args));
        TranscribeSummary again = TranscribeJob.run(spark, TranscribeOptionsParser.parse(args));

        assertThat(first.transcribed()).isEqualTo(30);
        assertThat(first.failed()).isEqualTo(1);
        assertThat(
                        spark.read()
                                .parquet(output)
                                .where("run = 1")
                                .select("member")
                                .distinct()
                                .as(org.apache.spark.sql.Encoders.STRING())
                                .collectAsList())
                .hasSize(30)
                .allMatch(member -> member.matches("001\\.flac#\\d+"));
        // Only the failed recording is tried again.
        assertThat(again.transcribed()).isEqualTo(1);
        assertThat(again.alreadyDone()).isEqualTo(29);
    }

    private static Object[] firstTwoIds() {
        return spark
                .read()
                .parquet(dir.resolve("hf/clean/test").toString())
                .select("id")
                .orderBy("id")
                .limit(2)
                .collectAsList()
                .stream()
                .map(r -> r.getString(0))
                .toArray();
    }

    private static TranscribeSummary transcribe(String output) throws IOException {
        return TranscribeJob.run(
                spark,
                TranscribeOptionsParser.parse(
                        "--input", dir.resolve("hf/clean/test").toString(),
                        "--input", dir.resolve("hf/other/test").toString(),
                        "--output", output,
                        "--model", SampleData.MODEL.toString(),
                        "--device", "cpu"));
    }
}
