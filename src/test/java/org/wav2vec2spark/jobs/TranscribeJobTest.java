package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wav2vec2spark.ExternalCommand;
import org.wav2vec2spark.SparkTestBase;
import org.wav2vec2spark.data.FlakyFileSystem;
import org.wav2vec2spark.jobs.executor.TranscriptRows;
import org.wav2vec2spark.jobs.output.OutputLock;
import org.wav2vec2spark.jobs.output.OutputRuns;
import org.wav2vec2spark.jobs.output.OutputWriteException;
import org.wav2vec2spark.jobs.output.RunChunking;
import org.wav2vec2spark.jobs.output.TranscribeSummary;
import org.wav2vec2spark.metrics.ErrorRates;
import org.wav2vec2spark.metrics.UtteranceScorer;
import org.wav2vec2spark.model.ModelCache;
import org.wav2vec2spark.model.ModelDirectory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

class TranscribeJobTest extends SparkTestBase {

    @TempDir static Path dir;

    @AfterAll
    static void closeModels() {
        ModelCache.closeAll();
    }

    private static TranscribeSummary transcribe(String... args) throws IOException {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--model", SampleData.MODEL.toString(), "--device", "cpu"));
        return TranscribeJob.run(spark, TranscribeOptionsParser.parse(all.toArray(String[]::new)));
    }

    /** A new input folder {@code name} holding one sample recording, {@code one.flac}. */
    private static Path oneRecording(String name) throws IOException {
        Path input = Files.createDirectories(dir.resolve(name));
        Files.copy(sampleFlacs().get(0), input.resolve("one.flac"));
        return input;
    }

    /** A folder of recordings and the output folder its first run went to. */
    private record FirstRun(Path input, String output) {

        /** Transcribes the folder again into the same output, with these options. */
        TranscribeSummary rerun(String... options) throws IOException {
            List<String> args =
                    new ArrayList<>(List.of("--input", input.toString(), "--output", output));
            args.addAll(List.of(options));
            return transcribe(args.toArray(String[]::new));
        }
    }

    /**
     * A folder of one recording, transcribed into an output folder of its own with these options,
     * then given a second recording for a rerun to find.
     */
    private static FirstRun transcribedOnceThenOneMore(String name, String... options)
            throws IOException {
        Path input = Files.createDirectories(dir.resolve(name));
        Files.copy(sampleFlacs().get(0), input.resolve("first.flac"));
        FirstRun first = new FirstRun(input, dir.resolve("out-" + name).toString());
        first.rerun(options);
        Files.copy(sampleFlacs().get(1), input.resolve("second.flac"));
        return first;
    }

    private static List<Path> sampleFlacs() throws IOException {
        try (Stream<Path> files = Files.walk(SampleData.ROOT)) {
            return files.filter(f -> f.toString().endsWith(".flac")).sorted().toList();
        }
    }

    @Test
    void transcribesAFolderOnceAndResumesWithOnlyWhatIsNew() throws IOException {
        Path input = SampleData.copyTo(dir.resolve("folder"));
        // Relative, as a user types it: the summary names the run folder absolute all the same.
        String output =
                Path.of("").toAbsolutePath().relativize(dir.resolve("out-folder")).toString();
        long otherFiles; // transcripts, SPEAKERS.TXT and the like
        try (Stream<Path> files = Files.walk(input)) {
            otherFiles =
                    files.filter(Files::isRegularFile)
                            .filter(f -> !f.toString().endsWith(".flac"))
                            .count();
        }

        TranscribeSummary first = transcribe("--input", input.toString(), "--output", output);

        assertThat(first.transcribed()).isEqualTo(60);
        assertThat(first.failed()).isZero();
        assertThat(first.skippedFiles()).isEqualTo(otherFiles);
        assertThat(Path.of(output, "run=1", "_SUCCESS")).exists();
        Dataset<Row> rows = spark.read().parquet(output);
        assertThat(
                        rows.filter("status = 'ok' and transcript is not null and member is null")
                                .count())
                .isEqualTo(60);
        assertThat(rows.select("source").distinct().count()).isEqualTo(60);

        // A crashed run leaves a run folder without _SUCCESS: it is not done, and goes away.
        Path crashed = Files.createDirectories(Path.of(output, "run=7"));
        Files.writeString(crashed.resolve("part-00000.parquet"), "half written");
        Files.copy(sampleFlacs().get(0), input.resolve("new.flac"));

        TranscribeSummary second = transcribe("--input", input.toString(), "--output", output);

        assertThat(second.alreadyDone()).isEqualTo(60);
        assertThat(second.transcribed()).isEqualTo(1);
        assertThat(second.runUri()).isEqualTo(dir.resolve("out-folder/run=8").toString());
        // The folder to read and to resume with, not the run inside it.
        assertThat(second.render())
                .contains(
                        "Results: "
                                + dir.resolve("out-folder")
                                + " (this run: run=8)"
                                + System.lineSeparator());
        assertThat(crashed).doesNotExist();
        assertThat(Path.of(output, OutputLock.NAME)).doesNotExist();
        assertThat(transcribe("--input", input.toString(), "--output", output).runUri()).isNull();
        assertThat(spark.read().parquet(output).count()).isEqualTo(61);
    }

    @Test
    void rerunInAnotherFormatIsRefusedNamingBoth() throws IOException {
        FirstRun first = transcribedOnceThenOneMore("formats", "--format", "jsonl");
        Path input = first.input();
        String output = first.output();

        assertThatThrownBy(() -> first.rerun("--format", "parquet"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "--format parquet differs from the format of the runs already in "
                                + output
                                + " (run=1 is jsonl); one output folder holds one format, so"
                                + " rerun with --format jsonl or choose another --output");
        try (Stream<Path> runs = Files.list(Path.of(output))) {
            assertThat(runs.map(p -> p.getFileName().toString())).containsExactly("run=1");
        }
        assertThat(first.rerun("--format", "jsonl").transcribed()).isEqualTo(1);
    }

    @Test
    void rerunWithAnotherModelOrWithWordTimesIsRefused() throws IOException {
        // Resuming skips what is done; with another model that would leave the first model's
        // transcripts standing for the second's, mixed in one table.
        FirstRun first = transcribedOnceThenOneMore("models");
        Path input = first.input();
        String output = first.output();
        Path other = SampleData.copyModelTo(dir.resolve("other-model"));
        Path metadata = other.resolve("model.json");
        Files.writeString(
                metadata,
                Files.readString(metadata)
                        .replace("wav2vec2-spark/synthetic-small", "team/retrained"));

        assertThatThrownBy(
                        () ->
                                TranscribeJob.run(
                                        spark,
                                        TranscribeOptionsParser.parse(
                                                "--input",
                                                input.toString(),
                                                "--output",
                                                output,
                                                "--model",
                                                other.toString(),
                                                "--device",
                                                "cpu")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "--model team/retrained is not the model of the runs already in "
                                + output
                                + " (run=1 was transcribed with wav2vec2-spark/synthetic-small);"
                                + " one output folder holds one model's transcripts of one kind,"
                                + " so choose another --output");
        // Asking for word times where the first run has none would write nothing new either.
        assertThatThrownBy(() -> first.rerun("--word-times"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "--word-times does not match the runs already in "
                                + output
                                + " (run=1 was written without them)");
    }

    @Test
    void aLaterRunOfAnotherModelIsNamedThoughTheFirstRunMatches() throws IOException {
        // All committed runs are read in one job; the refusal still names the run at fault.
        FirstRun first =
                withSecondRunEdited(
                        "later-model", "wav2vec2-spark/synthetic-small", "team/retrained");

        assertThatThrownBy(() -> first.rerun("--format", "jsonl"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "--model wav2vec2-spark/synthetic-small is not the model of the runs"
                                + " already in "
                                + first.output()
                                + " (run=2 was transcribed with team/retrained)");
    }

    @Test
    void aRowWithoutAModelIdIsRefusedAsAnotherModels() throws IOException {
        // Java's equals found it foreign and SQL's = found no such row: "head of empty array".
        FirstRun first =
                withSecondRunEdited(
                        "no-model-id", "\"model_id\":\"wav2vec2-spark/synthetic-small\",", "");

        assertThatThrownBy(() -> first.rerun("--format", "jsonl"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(run=2 was transcribed with no model id)");
    }

    /**
     * Two committed JSON-lines runs of one recording each, the second's rows edited by hand, and a
     * third recording for a rerun to find.
     */
    private static FirstRun withSecondRunEdited(String name, String text, String replacement)
            throws IOException {
        FirstRun first = transcribedOnceThenOneMore(name, "--format", "jsonl");
        first.rerun("--format", "jsonl");
        Path secondRun = Path.of(first.output(), "run=2");
        try (Stream<Path> files = Files.list(secondRun)) {
            for (Path file : files.toList()) {
                String fileName = file.getFileName().toString();
                if (fileName.endsWith(".crc")) {
                    Files.delete(file); // no longer the file's checksum once it is edited
                } else if (fileName.startsWith("part-")) {
                    String rows = Files.readString(file);
                    assertThat(rows).contains(text);
                    Files.writeString(file, rows.replace(text, replacement));
                }
            }
        }
        Files.copy(sampleFlacs().get(2), first.input().resolve("third.flac"));
        return first;
    }

    @Test
    void aSecondJobOnTheOutputIsRefusedLeavingTheFirstJobsUnfinishedRun() throws IOException {
        // The first job is still writing run=2: without the lock the second would take it for a
        // crashed run, delete it, and transcribe the same recordings again.
        FirstRun first = transcribedOnceThenOneMore("busy");
        Path writing = Files.createDirectories(Path.of(first.output(), "run=2", "_temporary"));
        Path lock = Path.of(first.output(), OutputLock.NAME);
        Files.writeString(
                lock, "host=elsewhere\npid=7\nstarted=2026-12-02T01:00:00Z\ntoken=first\n");

        assertThatThrownBy(() -> first.rerun())
                .isInstanceOf(OutputWriteException.class)
                .hasMessageContaining("another job is writing to it (process 7 on")
                .hasMessageContaining("delete " + lock);
        assertThat(writing).exists();
        assertThat(lock).content().contains("token=first");
    }

    @Test
    void anOutputFolderHoldingMoreThanRunsIsRefusedUntouched() throws IOException {
        // An evaluate run's folder, say: run=<n>/ added beside its results would mix both into
        // whatever reads the folder as one table.
        Path input = oneRecording("foreign-in");
        Path output = Files.createDirectories(dir.resolve("foreign-out"));
        Files.writeString(output.resolve("summary.json"), "{}");
        Files.createDirectories(output.resolve("utterances"));
        Files.createDirectories(output.resolve("run=3")); // unfinished: would be deleted

        assertThatThrownBy(
                        () ->
                                transcribe(
                                        "--input", input.toString(), "--output", output.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "--output "
                                + output
                                + " holds more than transcribe runs (summary.json, utterances);"
                                + " transcribe adds run=<n>/ folders to a folder of its own, so"
                                + " choose another --output");
        try (Stream<Path> entries = Files.list(output)) {
            assertThat(entries.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("summary.json", "utterances", "run=3");
        }
    }

    @Test
    void aClusterThatTurnsOffSuccessMarkersDoesNotMakeTheNextRunDeleteThisOne() throws IOException {
        // Without _SUCCESS, a committed run looked like a crashed one and the rerun deleted it.
        Path input = oneRecording("unmarked-in");
        String output = dir.resolve("unmarked-out").toString();
        var conf = spark.sparkContext().hadoopConfiguration();
        conf.set("mapreduce.fileoutputcommitter.marksuccessfuljobs", "false");
        TranscribeSummary second;
        try {
            transcribe("--input", input.toString(), "--output", output);
            second = transcribe("--input", input.toString(), "--output", output);
        } finally {
            conf.unset("mapreduce.fileoutputcommitter.marksuccessfuljobs");
        }

        assertThat(Path.of(output, "run=1/_SUCCESS")).exists();
        assertThat(second.alreadyDone()).isEqualTo(1);
        assertThat(second.runUri()).isNull();
    }

    @Test
    void aRunFolderGivenAsTheOutputIsRefusedNamingTheFolderToGive() throws IOException {
        Path input = oneRecording("run-as-output-in");
        // An unfinished one holds only hidden names (_temporary), but would go with anything
        // written inside it.
        Path run =
                Files.createDirectories(dir.resolve("run-as-output/run=1/_temporary")).getParent();

        assertThatThrownBy(
                        () -> transcribe("--input", input.toString(), "--output", run.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "--output "
                                + run
                                + " is one run of a transcribe output; give its folder, "
                                + run.getParent()
                                + ", to add a run to it");
    }

    @Test
    void rerunWithOtherChunkingIsRefusedAndTheSameChunkingResumes() throws IOException {
        // Chunking changes the words at window edges, and the rows do not show it: each run
        // records its chunking beside its rows, where Spark's readers do not look.
        FirstRun first = transcribedOnceThenOneMore("chunkings");
        Path input = first.input();
        String output = first.output();

        assertThat(Path.of(output, "run=1", RunChunking.FILE)).exists();
        assertThat(spark.read().parquet(output).count()).isEqualTo(1);
        assertThatThrownBy(() -> first.rerun("--chunk-seconds", "20"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "--chunk-seconds 20 differs from the chunking of the runs already in "
                                + output
                                + " (run=1 used --chunk-seconds 30); one output folder holds"
                                + " transcripts of one chunking, so rerun with --chunk-seconds 30"
                                + " or choose another --output");
        // The default written out is the same chunking.
        assertThat(first.rerun("--chunk-seconds", "30", "--stride-seconds", "5").transcribed())
                .isEqualTo(1);
    }

    @Test
    void chunkingThatMakesNoWindowStopsTheJobBeforeAnyTask() {
        // The input does not exist: the check must come before the input is even listed.
        assertThatThrownBy(
                        () ->
                                transcribe(
                                        "--input",
                                        dir.resolve("never-listed").toString(),
                                        "--output",
                                        dir.resolve("out-no-window").toString(),
                                        "--chunk-seconds",
                                        "30",
                                        "--stride-seconds",
                                        "14.99"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "--chunk-seconds 30.0 with --stride-seconds 14.99 make no window");
        assertThat(dir.resolve("out-no-window")).doesNotExist();
    }

    @Test
    void jsonLinesRowsCarryEveryColumnNullsIncluded() throws IOException {
        Path input = oneRecording("jsonl-nulls");
        Path output = dir.resolve("out-jsonl-nulls");

        transcribe("--input", input.toString(), "--output", output.toString(), "--format", "jsonl");

        List<String> lines = new ArrayList<>();
        try (Stream<Path> parts = Files.list(output.resolve("run=1"))) {
            for (Path part :
                    parts.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
                lines.addAll(Files.readAllLines(part));
            }
        }
        assertThat(lines).hasSize(1);
        JsonObject row = JsonParser.parseString(lines.get(0)).getAsJsonObject();
        assertThat(row.keySet())
                .as("the README's output columns, each in every row")
                .containsExactlyInAnyOrder(TranscriptRows.SCHEMA.fieldNames());
        assertThat(row.get("member").isJsonNull()).as("member of a plain file").isTrue();
        assertThat(row.get("error").isJsonNull()).as("error of an ok row").isTrue();
        assertThat(row.get("status").getAsString()).isEqualTo("ok");
    }

    @Test
    void recordingListedSeveralTimesIsTranscribedOnce() throws IOException {
        Path input = Files.createDirectories(dir.resolve("twice"));
        Path flac = Files.copy(sampleFlacs().get(0), input.resolve("one.flac"));
        String output = dir.resolve("out-twice").toString();

        TranscribeSummary summary =
                transcribe(
                        "--input",
                        input.toString(),
                        flac.toString(),
                        input.toString(),
                        "--output",
                        output);

        assertThat(summary.transcribed()).isEqualTo(1);
        assertThat(spark.read().parquet(output).count()).isEqualTo(1);
    }

    @Test
    void aRecordingTooShortForOneFrameFailsAndItsFixedCopyIsTheNewestRowOfItsName()
            throws IOException {
        Path input = Files.createDirectories(dir.resolve("short"));
        Path recording = input.resolve("cut.wav");
        Files.write(recording, silentWav(300)); // under large-960h's 400-sample receptive field
        String output = dir.resolve("out-short").toString();

        TranscribeSummary first = transcribe("--input", input.toString(), "--output", output);

        assertThat(first.failed()).isEqualTo(1);
        assertThat(first.failures().get(0))
                .contains(recording.toString())
                .contains("300 samples (0.019 s) of audio, shorter than the 400 samples");

        // The file is copied again whole: the rerun tries it again, as it does every failed row.
        Files.write(recording, silentWav(16_000));
        TranscribeSummary second = transcribe("--input", input.toString(), "--output", output);

        assertThat(second.transcribed()).isEqualTo(1);
        assertThat(second.failed()).isZero();
        assertThat(spark.read().parquet(output).count()).isEqualTo(2);
        // The README's query for one row per recording.
        List<Row> newest =
                spark.sql(
                                "SELECT * FROM ("
                                        + " SELECT *, row_number() OVER (PARTITION BY source,"
                                        + " member ORDER BY run DESC) AS newest"
                                        + " FROM parquet.`"
                                        + output
                                        + "`) WHERE newest = 1")
                        .collectAsList();
        assertThat(newest).hasSize(1);
        assertThat(newest.get(0).<String>getAs("status")).isEqualTo("ok");
        assertThat(newest.get(0).<Integer>getAs("run")).isEqualTo(2);
    }

    @Test
    void onATasksLastTryAFileTheFileSystemKeepsFailingIsAFailedRowThatARerunRetries()
            throws IOException {
        // local[2] gives a task one try, so this run's only try is its last.
        assertThat(TaskTries.of(spark.sparkContext().getConf())).isEqualTo(1);
        Path input = Files.createDirectories(dir.resolve("flaky"));
        Path broken = Files.copy(sampleFlacs().get(0), input.resolve("a.flac")); // 86 KB
        Path whole = Files.write(input.resolve("b.wav"), silentWav(16_000)); // 32 KB
        // Files, not their folder: the test's file system does not list folders.
        String[] inputs = {FlakyFileSystem.uri(broken), FlakyFileSystem.uri(whole)};
        String output = dir.resolve("out-flaky").toString();
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        hadoop.set("fs.flaky.impl", FlakyFileSystem.class.getName());
        hadoop.setBoolean("fs.flaky.impl.disable.cache", true);
        try {
            hadoop.setLong(FlakyFileSystem.FAIL_AFTER, 50_000);
            TranscribeSummary first =
                    transcribe("--input", inputs[0], inputs[1], "--output", output);

            assertThat(first.transcribed()).isEqualTo(2); // rows written, the failed one too
            assertThat(first.failed()).isEqualTo(1);
            assertThat(first.failures().get(0))
                    .startsWith("Cannot read flaky:")
                    .contains(broken + ": Connection reset")
                    .contains("on the task's last try");

            hadoop.setLong(FlakyFileSystem.FAIL_AFTER, Long.MAX_VALUE);
            TranscribeSummary second =
                    transcribe("--input", inputs[0], inputs[1], "--output", output);

            assertThat(second.transcribed()).isEqualTo(1);
            assertThat(second.failed()).isZero();
        } finally {
            hadoop.unset("fs.flaky.impl");
            hadoop.unset("fs.flaky.impl.disable.cache");
            hadoop.unset(FlakyFileSystem.FAIL_AFTER);
        }
    }

    /** A 16 kHz mono 16-bit WAV of silence. */
    private static byte[] silentWav(int samples) throws IOException {
        AudioFormat format = new AudioFormat(16_000f, 16, 1, true, false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AudioSystem.write(
                new AudioInputStream(
                        new ByteArrayInputStream(new byte[2 * samples]), format, samples),
                AudioFileFormat.Type.WAVE,
                out);
        return out.toByteArray();
    }

    @Test
    void aLinkToARecordingNotThereIsAFailedRowNamingItThatARerunRetries() throws IOException {
        Path input = oneRecording("dangling-in");
        Path target = dir.resolve("dangling-moved/two.flac");
        Files.createSymbolicLink(input.resolve("two.flac"), target);
        String output = dir.resolve("out-dangling").toString();
        String[] args = {"--input", input.toString(), "--output", output, "--format", "jsonl"};

        TranscribeSummary first = transcribe(args);
        Files.createDirectories(target.getParent());
        Files.copy(sampleFlacs().get(1), target);
        TranscribeSummary again = transcribe(args);

        assertThat(first.transcribed()).isEqualTo(2);
        assertThat(first.failed()).isEqualTo(1);
        assertThat(first.failures())
                .singleElement()
                .asString()
                .contains("Cannot read file:" + input.resolve("two.flac"), "does not exist");
        assertThat(again.transcribed()).isEqualTo(1);
        assertThat(again.failed()).isZero();
    }

    @Test
    void aCommittedRunThatCannotBeReadStopsTheRerunNamingItsFile() throws IOException {
        Path input = dir.resolve("damaged-in");
        Files.createDirectories(input);
        Files.copy(sampleFlacs().get(0), input.resolve("a.flac"));
        Path out = dir.resolve("out-damaged");
        String[] args = {"--input", input.toString(), "--output", out.toString()};
        transcribe(args);
        Path part;
        try (Stream<Path> files = Files.list(out.resolve("run=1"))) {
            part =
                    files.filter(f -> f.getFileName().toString().startsWith("part-"))
                            .findFirst()
                            .get();
        }
        // Cut short, as a disk or a copy may leave a file: which recordings are done is unknown.
        Files.write(part, Arrays.copyOf(Files.readAllBytes(part), 100));
        Files.copy(sampleFlacs().get(1), input.resolve("b.flac"));

        assertThatThrownBy(() -> transcribe(args))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("Cannot read the committed run run=1 of " + out)
                .hasMessageContaining(part.getFileName().toString())
                .hasMessageContaining("delete the run's folder to transcribe its recordings again");
        try (Stream<Path> runs = Files.list(out)) {
            assertThat(runs.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("run=")))
                    .containsExactly("run=1");
        }
    }

    @Test
    void aRerunWithEveryArchiveMemberDoneWritesNoEmptyRun() throws IOException {
        Path archive = dir.resolve("done/two.tar");
        Files.createDirectories(archive.getParent());
        try (TarArchiveOutputStream tar =
                new TarArchiveOutputStream(Files.newOutputStream(archive))) {
            for (Path flac : sampleFlacs().subList(0, 2)) {
                add(
                        tar,
                        "LibriSpeech/" + SampleData.ROOT.relativize(flac),
                        Files.readAllBytes(flac));
            }
        }
        Path out = dir.resolve("out-done");
        String[] args = {"--input", archive.toString(), "--output", out.toString()};

        TranscribeSummary first = transcribe(args);
        TranscribeSummary again = transcribe(args);

        assertThat(first.transcribed()).isEqualTo(2);
        assertThat(again.runUri()).isNull();
        assertThat(again.render()).contains("Results: " + out + " (nothing new to write)");
        try (Stream<Path> runs = Files.list(out)) {
            assertThat(runs.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("run=")))
                    .containsExactly("run=1");
        }
    }

    @Test
    void readsTarGzArchivesAsStreamsCountingDamage() throws IOException {
        List<Path> flacs = sampleFlacs().subList(0, 5);
        Path archive = dir.resolve("archives/five.tar.gz");
        Files.createDirectories(archive.getParent());
        try (TarArchiveOutputStream tar =
                new TarArchiveOutputStream(
                        new GzipCompressorOutputStream(Files.newOutputStream(archive)))) {
            for (Path flac : flacs) {
                add(
                        tar,
                        "LibriSpeech/" + SampleData.ROOT.relativize(flac),
                        Files.readAllBytes(flac));
            }
            add(tar, "LibriSpeech/README.TXT", "not audio".getBytes());
            add(tar, "LibriSpeech/corrupt.flac", "fLaC but nothing else".getBytes());
        }
        // The same archive cut in the middle of its third member.
        byte[] whole = Files.readAllBytes(archive);
        Path truncated = dir.resolve("archives/truncated.tar.gz");
        Files.write(truncated, Arrays.copyOf(whole, whole.length / 2));
        String[] args = {
            "--input", dir.resolve("archives").toString(),
            "--output", dir.resolve("out-archives").toString(),
            "--format", "jsonl"
        };

        TranscribeSummary summary = transcribe(args);

        Dataset<Row> rows = OutputRuns.read(spark, summary.runUri());
        Dataset<Row> five = rows.filter(rows.col("source").endsWith("five.tar.gz"));
        assertThat(five.filter("status = 'ok'").count()).isEqualTo(5);
        assertThat(
                        five.filter("status = 'ok'")
                                .select("member")
                                .as(org.apache.spark.sql.Encoders.STRING())
                                .collectAsList())
                .allMatch(m -> m.startsWith("LibriSpeech/test-"));
        assertThat(five.filter("status = 'failed'").select("member", "error").collectAsList())
                .singleElement()
                .satisfies(r -> assertThat(r.getString(0)).isEqualTo("LibriSpeech/corrupt.flac"));
        Dataset<Row> cut = rows.filter(rows.col("source").endsWith("truncated.tar.gz"));
        assertThat(
                        cut.filter("status = 'failed'")
                                .select("error")
                                .as(org.apache.spark.sql.Encoders.STRING())
                                .collectAsList())
                .singleElement()
                .asString()
                .contains("truncated.tar.gz is damaged or truncated after");
        assertThat(cut.filter("status = 'ok'").count()).isBetween(1L, 4L);

        // Resuming counts the archive members done before, which the executors pass over.
        TranscribeSummary again = transcribe(args);
        assertThat(again.alreadyDone()).isEqualTo(rows.filter("status = 'ok'").count());
    }

    @Test
    void stitchedChunksScoreLikeTheUtterancesAlone() throws Exception {
        // test-clean's 30 utterances end to end (117 s) in 20 s windows with 3.3 s strides: the
        // stitching must neither drop nor repeat words, so the transcript stays within the bound
        // the utterances meet one by one.
        List<Path> clean = testCleanFlacs();
        Path joined = joinedTestClean();
        String output = dir.resolve("out-joined").toString();

        transcribe("--input", joined.toString(), "--output", output, "--chunk-seconds", "20");

        String transcript = spark.read().parquet(output).first().getAs("transcript");
        StringBuilder references = new StringBuilder();
        for (Path flac : clean) {
            references.append(' ').append(SampleData.reference(flac));
        }
        double cer =
                ErrorRates.cer(
                        UtteranceScorer.score(references.toString().strip(), transcript).chars());
        System.out.printf("test-clean joined, 20 s chunks: CER %.4f%n", cer);
        assertThat(cer).isLessThanOrEqualTo(SampleData.maxCer("test-clean"));
    }

    @Test
    void chunkedTranscriptsEqualTransformersPipeline() throws Exception {
        // src/test/resources/chunking/golden.tsv: transformers' pipeline("automatic-speech-
        // recognition") on all samples joined (3.9 minutes) with the same model, one line per
        // chunk/stride setting (scripts/make_chunking_golden.py, run with
        // scripts/with-transformers.sh).
        Path golden = Path.of("src/test/resources/chunking/golden.tsv");
        assertThat(golden)
                .as(
                        "missing: make it with sudo scripts/with-transformers.sh python3"
                                + " scripts/make_chunking_golden.py")
                .isRegularFile();
        String modelSha256 = ModelDirectory.open(SampleData.MODEL).metadata().sha256();
        List<String> lines = Files.readAllLines(golden);
        assertThat(lines).isNotEmpty();
        Path joined = joinedSamples();
        for (String line : lines) {
            String[] fields = line.split("\t", -1);
            assertThat(fields).as("%s line '%s'", golden, line).hasSize(5);
            assertThat(fields[2])
                    .as("%s was made for another data-samples/model; regenerate it", golden)
                    .isEqualTo(modelSha256);
            String output = dir.resolve("out-golden-" + fields[0] + "-" + fields[1]).toString();

            transcribe(
                    "--input",
                    joined.toString(),
                    "--output",
                    output,
                    "--chunk-seconds",
                    fields[0],
                    "--stride-seconds",
                    fields[1]);

            String transcript = spark.read().parquet(output).first().getAs("transcript");
            assertThat(transcript)
                    .as("chunk_length_s %s, stride_length_s %s", fields[0], fields[1])
                    .isEqualTo(fields[4]);
        }
    }

    private static List<Path> testCleanFlacs() throws IOException {
        return sampleFlacs().stream().filter(f -> f.toString().contains("test-clean")).toList();
    }

    /** test-clean's samples end to end in sorted path order, joined by sox (samples unchanged). */
    private static synchronized Path joinedTestClean() throws IOException {
        return joined(testCleanFlacs(), dir.resolve("joined/test-clean.flac"));
    }

    /** All samples end to end in sorted path order, joined by sox (samples unchanged). */
    private static synchronized Path joinedSamples() throws IOException {
        return joined(sampleFlacs(), dir.resolve("joined/all.flac"));
    }

    private static Path joined(List<Path> flacs, Path joined) throws IOException {
        if (!Files.isRegularFile(joined)) {
            List<String> command = new ArrayList<>(List.of("sox"));
            flacs.forEach(f -> command.add(f.toString()));
            Files.createDirectories(joined.getParent());
            command.add(joined.toString());
            ExternalCommand.run(command);
        }
        return joined;
    }

    @Test
    void chunksATenMinuteRecordingWithWordTimes() throws Exception {
        // Ten minutes of speech: the samples (232 s) three times over, cut at 600 s, with sox.
        List<String> command = new ArrayList<>(List.of("sox"));
        for (int i = 0; i < 3; i++) {
            sampleFlacs().forEach(f -> command.add(f.toString()));
        }
        Path long_ = dir.resolve("long/ten-minutes.flac");
        Files.createDirectories(long_.getParent());
        command.addAll(List.of(long_.toString(), "trim", "0", "600"));
        ExternalCommand.run(command);
        String output = dir.resolve("out-long").toString();

        TranscribeSummary summary =
                transcribe("--input", long_.toString(), "--output", output, "--word-times");

        Row row = spark.read().parquet(output).first();
        assertThat(row.<String>getAs("status")).isEqualTo("ok");
        assertThat(row.<Double>getAs("duration_seconds")).isEqualTo(600.0);
        assertThat(summary.audioSeconds()).isEqualTo(600.0);
        List<Row> words = row.getList(row.fieldIndex("words"));
        String transcript = row.getAs("transcript");
        // Ten minutes of the samples' speech: hundreds of words, each with a time, in order and
        // within the recording.
        assertThat(transcript.strip().split(" +").length).isGreaterThan(300);
        assertThat(words).hasSize(transcript.strip().split(" +").length);
        double previousEnd = 0;
        for (Row word : words) {
            assertThat(word.getDouble(1)).isGreaterThanOrEqualTo(previousEnd);
            assertThat(word.getDouble(2)).isGreaterThan(word.getDouble(1)).isLessThanOrEqualTo(600);
            previousEnd = word.getDouble(2);
        }
        System.out.println(summary.render());
    }

    private static void add(TarArchiveOutputStream tar, String name, byte[] bytes)
            throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(bytes.length);
        tar.putArchiveEntry(entry);
        ((OutputStream) tar).write(bytes);
        tar.closeArchiveEntry();
    }

    @Test
    void anOutputOnAFileSystemThatCannotOpenIsNamed() throws IOException {
        // As s3a: without hadoop-aws: "the job failed: ClassNotFoundException" and exit 3 before.
        spark.sparkContext().hadoopConfiguration().set("fs.nojar.impl", "org.example.NoSuch");
        Path input = oneRecording("for-nojar");

        assertThatThrownBy(
                        () -> transcribe("--input", input.toString(), "--output", "nojar://b/out"))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("--output nojar://b/out: cannot open its file system: ")
                .hasMessageContaining("spark-submit --jars");
    }
}
