package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wav2vec2spark.SparkTestBase;
import org.wav2vec2spark.data.EvaluationData;
import org.wav2vec2spark.data.SerializableHadoopConf;
import org.wav2vec2spark.data.TarGzFixtures;
import org.wav2vec2spark.report.RunSummary;
import org.wav2vec2spark.report.SplitSummary;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The evaluate job on LibriSpeech tar.gz archives as OpenSLR publishes them. */
class EvaluateArchivesTest extends SparkTestBase {
    @TempDir Path dir;

    private RunSummary evaluate(String data, String name) throws IOException {
        return EvaluateJob.run(
                spark,
                SampleData.evaluateOptions(data, dir.resolve(name), "--max-failed-fraction", "1"));
    }

    private RunSummary evaluateSplits(Path archive, Path out, String splits, String... more)
            throws IOException {
        List<String> args = new ArrayList<>(List.of("--splits", splits));
        args.addAll(List.of(more));
        return EvaluateJob.run(
                spark,
                SampleData.evaluateOptions(archive.toString(), out, args.toArray(String[]::new)));
    }

    private Map<String, String> hypotheses(String run) {
        return spark
                .read()
                .parquet(dir.resolve(run + "/utterances").toString())
                .select("id", "hypothesis")
                .collectAsList()
                .stream()
                .collect(Collectors.toMap(r -> r.getString(0), r -> r.getString(1)));
    }

    @Test
    void progressCountsTheArchivesInsteadOfAFullShareOfNothing() throws IOException {
        for (String split : SampleData.splits()) {
            TarGzFixtures.packSplit(
                    SampleData.ROOT,
                    split,
                    Comparator.naturalOrder(),
                    dir.resolve("openslr/" + split + ".tar.gz"));
        }
        Configuration conf = spark.sparkContext().hadoopConfiguration();

        ProgressReporter progress =
                EvaluationInputs.packagedUtterances(
                                spark,
                                EvaluationData.detect(conf, dir.resolve("openslr").toString()),
                                new SerializableHadoopConf(conf),
                                List.of())
                        .progress(null);

        // Archives hold an unknown count until read: it used to read "60 of 60 utterances (100%),
        // ... about 0m00s left" all along, and "none of 0 utterances done yet".
        assertThat(progress.line(60, 360, 30, Double.NaN))
                .isEqualTo(
                        "progress: 60 utterances done, of those in 2 archives, 0.10 h of audio,"
                                + " 12.0x real time");
        assertThat(progress.waitingLine(3))
                .startsWith("progress: none of the utterances in 2 archives done yet");
    }

    @Test
    void aFolderOfSplitArchivesScoresAsTheUnpackedFolder() throws IOException {
        for (String split : SampleData.splits()) {
            TarGzFixtures.packSplit(
                    SampleData.ROOT,
                    split,
                    Comparator.naturalOrder(),
                    dir.resolve("openslr/" + split + ".tar.gz"));
        }

        RunSummary archives = evaluate(dir.resolve("openslr").toString(), "archives");
        RunSummary folder = evaluate(SampleData.ROOT.toString(), "folder");

        assertThat(archives.splits()).containsOnlyKeys(SampleData.splits());
        for (String name : SampleData.splits()) {
            SplitSummary fromArchive = archives.splits().get(name);
            SplitSummary fromFolder = folder.splits().get(name);
            assertThat(fromArchive.utterances()).as(name).isEqualTo(fromFolder.utterances());
            assertThat(fromArchive.failed()).as(name).isZero();
            assertThat(fromArchive.words()).as(name).isEqualTo(fromFolder.words());
            assertThat(fromArchive.characters()).as(name).isEqualTo(fromFolder.characters());
            // Summed in another order: equal up to rounding.
            assertThat(fromArchive.audioSeconds())
                    .as(name)
                    .isCloseTo(fromFolder.audioSeconds(), within(1e-9));
        }
        // Same audio, same model, one utterance per batch: the same hypothesis for every id.
        assertThat(hypotheses("archives")).isEqualTo(hypotheses("folder"));
        List<Row> uris =
                spark.read()
                        .parquet(dir.resolve("archives/utterances").toString())
                        .select("audio_uri")
                        .collectAsList();
        assertThat(uris)
                .allSatisfy(r -> assertThat(r.getString(0)).contains(".tar.gz!LibriSpeech/test-"));
    }

    @Test
    void aTruncatedArchiveIsCountedNotFatal() throws IOException {
        Path whole =
                TarGzFixtures.packSplit(
                        SampleData.ROOT,
                        "test-clean",
                        Comparator.naturalOrder(),
                        dir.resolve("whole.tar.gz"));
        Path cut = TarGzFixtures.truncate(whole, 0.6, dir.resolve("test-clean.tar.gz"));

        RunSummary summary = evaluate(cut.toString(), "truncated");

        SplitSummary clean = summary.splits().get("test-clean");
        assertThat(summary.splits()).containsOnlyKeys("test-clean");
        assertThat(clean.failed()).isPositive();
        // Scored: whole chapters before the cut (their transcript came after their flacs).
        assertThat(clean.utterances() - clean.failed()).isBetween(1L, 29L);
        assertThat(summary.failures())
                .anySatisfy(f -> assertThat(f.error()).contains("is damaged or truncated after"));
    }

    @Test
    void aRequestedSplitNoArchiveHoldsIsAnErrorNamingTheSplitsFound() throws IOException {
        Path archive = oneUtteranceArchive(dir.resolve("openslr/test-clean.tar.gz"));

        assertThatThrownBy(
                        () -> evaluateSplits(archive, dir.resolve("out"), "test-clean,dev-clean"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Split 'dev-clean' not found in " + archive + "; found: test-clean");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void aRequestedSplitAlongsideNoOtherDoesNotCallTheArchiveEmpty() throws IOException {
        // The archive holds test-clean, passed over unread as --splits names test-other alone.
        Path archive = oneUtteranceArchive(dir.resolve("openslr/test-clean.tar.gz"));

        assertThatThrownBy(() -> evaluateSplits(archive, dir.resolve("out"), "test-other"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "No utterance found in "
                                + archive
                                + "; found: no utterance of test-other (--splits: the archives'"
                                + " other splits, test-clean, are passed over unread)");
    }

    @Test
    void aMistypedSplitIsRefusedNamingTheSplitsTheArchivesHold() throws IOException {
        Path folder = dir.resolve("two-splits");
        for (String split : SampleData.splits()) {
            TarGzFixtures.packSplit(
                    SampleData.ROOT,
                    split,
                    Comparator.naturalOrder(),
                    folder.resolve(split + ".tar.gz"));
        }

        assertThatThrownBy(() -> evaluateSplits(folder, dir.resolve("out"), "test-clean,test-othr"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Split 'test-othr' not found in "
                                + folder
                                + "; found: test-clean (--splits: the archives' other splits,"
                                + " test-other, are passed over unread)");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void aRequestedSplitMissingBecauseItsArchiveCannotBeOpenedSaysWhy() throws IOException {
        // A download cut off at the start: its failed row, which says why, has no split and is
        // deleted with the refused run, so the refusal itself must carry the reason.
        Files.createDirectories(dir.resolve("openslr"));
        Path archive = Files.write(dir.resolve("openslr/test-clean.tar.gz"), new byte[0]);

        assertThatThrownBy(() -> evaluateSplits(archive, dir.resolve("out"), "test-clean"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Split 'test-clean' not found in "
                                + archive
                                + "; found: no utterance of test-clean (--splits: other splits"
                                + " are passed over unread); it may be in input that"
                                + " could not be read: Cannot open archive file:"
                                + archive
                                + ": it ends before its gzip header (an empty or cut-off file)");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void overwriteKeepsTheEarlierOutputWhenTheArchivesLackARequestedSplit() throws IOException {
        Path archive = oneUtteranceArchive(dir.resolve("openslr/test-clean.tar.gz"));
        Path out = dir.resolve("kept");
        EvaluateJob.run(spark, SampleData.evaluateOptions(archive.toString(), out));
        String earlier = Files.readString(out.resolve("summary.json"));

        assertThatThrownBy(
                        () -> evaluateSplits(archive, out, "test-clean,dev-clean", "--overwrite"))
                .hasMessageStartingWith("Split 'dev-clean' not found in ");
        assertThat(Files.readString(out.resolve("summary.json"))).isEqualTo(earlier);
        assertThat(out.resolve("utterances/_SUCCESS")).exists();
        try (Stream<Path> siblings = Files.list(dir)) {
            assertThat(siblings.map(p -> p.getFileName().toString()))
                    .noneMatch(name -> name.startsWith(".kept.replaced-"));
        }
    }

    @Test
    void archivesWithNoUtteranceAreAnError() throws IOException {
        Path archive =
                TarGzFixtures.write(
                        Map.of("README.TXT", "not LibriSpeech".getBytes(StandardCharsets.UTF_8)),
                        dir.resolve("other.tar.gz"));

        assertThatThrownBy(() -> evaluate(archive.toString(), "out"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "No utterance found in " + archive + "; found: no LibriSpeech utterances");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void anUtteranceInTwoArchivesIsAnErrorNamingBothFiles() throws IOException {
        // A renamed copy of an archive: reading each file once does not stop it, and scoring
        // both copies would weigh the utterance double in the WER.
        Path original = oneUtteranceArchive(dir.resolve("openslr/test-clean.tar.gz"));
        Path copy = Files.copy(original, dir.resolve("openslr/test-clean (1).tar.gz"));
        Path flac = SampleData.firstUtterance();
        String id = flac.getFileName().toString().replace(".flac", "");
        // The other lines of the chapter's transcript, without their audio, repeat as well.
        long lines =
                Files.readAllLines(
                                flac.resolveSibling(
                                        id.substring(0, id.lastIndexOf('-')) + ".trans.txt"))
                        .stream()
                        .filter(line -> !line.isBlank())
                        .count();

        assertThatThrownBy(() -> evaluate(dir.resolve("openslr").toString(), "out"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        lines
                                + " utterance(s) came more than once from the input, and the WER"
                                + " would count every copy:\n  test-clean/"
                                + id
                                + ": 2 times, from ")
                .hasMessageContaining("file:" + copy + "!LibriSpeech/")
                .hasMessageContaining("file:" + original + "!LibriSpeech/");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    /** An archive of the samples' first test-clean utterance and its chapter's transcript. */
    private static Path oneUtteranceArchive(Path target) throws IOException {
        Path flac = SampleData.firstUtterance();
        String id = flac.getFileName().toString().replace(".flac", "");
        Path transcript = flac.resolveSibling(id.substring(0, id.lastIndexOf('-')) + ".trans.txt");
        String folder =
                "LibriSpeech/"
                        + SampleData.ROOT.relativize(flac.getParent()).toString().replace('\\', '/')
                        + "/";
        Map<String, byte[]> members = new LinkedHashMap<>();
        members.put(folder + flac.getFileName(), Files.readAllBytes(flac));
        members.put(folder + transcript.getFileName(), Files.readAllBytes(transcript));
        return TarGzFixtures.write(members, target);
    }
}
