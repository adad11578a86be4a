package org.wav2vec2spark.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wav2vec2spark.SparkTestBase;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

class LibriSpeechSourceTest extends SparkTestBase {
    @TempDir Path root;

    @Test
    void estimatesUnknownDurationsFromSize() {
        ListedFile known = new ListedFile("test-clean/1/2/1-2-0000.flac", 1000);
        ListedFile unknown = new ListedFile("test-clean/1/2/1-2-0001.flac", 3000);

        // One header read: 4 s for 1000 bytes, so 3000 bytes are planned as 12 s.
        assertThat(LibriSpeechSource.estimateUnknown(List.of(known, unknown), List.of(4.0, -1.0)))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("test-clean/1-2-0000", 4.0, "test-clean/1-2-0001", 12.0));
        // None read: sizes alone, never all zero (which would plan every file alike).
        assertThat(LibriSpeechSource.estimateUnknown(List.of(known, unknown), List.of(-1.0, -1.0)))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                "test-clean/1-2-0000", 1000 / 32000.0,
                                "test-clean/1-2-0001", 3000 / 32000.0));
    }

    @Test
    void joinsAudioWithTranscriptsAndReportsEveryMismatch() throws IOException {
        touch("test-clean/1/10/1-10-0000.flac");
        touch("test-clean/1/10/1-10-0001.flac"); // no transcript line
        touch("test-clean/1/10/1-10-0003.flac"); // its line has no text
        write(
                "test-clean/1/10/1-10.trans.txt",
                "1-10-0000 HELLO WORLD\n1-10-0002 NO AUDIO\n1-10-0003\n1-10-0004\n");
        touch("test-other/2/20/2-20-0000.flac");
        write("test-other/2/20/2-20.trans.txt", "2-20-0000 GOOD BYE\n");
        touch("test-other/2/20/stray.flac"); // outside the layout
        touch("test-other/2/20/2-20-0001.FLAC"); // in the layout but for its extension's case
        touch("test-other/2/20/stray.FLAC"); // out of it whatever the case
        Files.write(root.resolve("test-other/2/20/README"), new byte[] {1}); // ignored
        touch("test-other/2/20/._2-20-0000.flac"); // hidden (macOS): skipped
        write("test-clean/1/10/._1-10.trans.txt", "junk"); // hidden: skipped

        LibriSpeechListing listing =
                LibriSpeechListing.list(jsc.hadoopConfiguration(), root.toString(), List.of());
        Map<String, Utterance> byId =
                LibriSpeechSource.utterances(
                                jsc,
                                listing,
                                new SerializableHadoopConf(jsc.hadoopConfiguration()),
                                2)
                        .collect()
                        .stream()
                        .collect(Collectors.toMap(u -> u.key().id(), Function.identity()));

        String transcript = listing.uriOf("test-clean/1/10/1-10.trans.txt");
        assertThat(listing.splits()).containsExactly("test-clean", "test-other");
        // One row per utterance: an id without text fails its utterance once, with the line's
        // reason, not once more as a rejected line beside "no transcript line".
        assertThat(byId).hasSize(9);
        assertThat(byId.get("1-10-0000").isEvaluable()).isTrue();
        assertThat(byId.get("1-10-0000").reference()).isEqualTo("HELLO WORLD");
        assertThat(byId.get("1-10-0000").audioUri())
                .isEqualTo(listing.uriOf("test-clean/1/10/1-10-0000.flac"));
        assertThat(byId.get("2-20-0000").reference()).isEqualTo("GOOD BYE");
        assertThat(byId.get("1-10-0001").error())
                .isEqualTo("no transcript line for 1-10-0001 in " + transcript);
        assertThat(byId.get("1-10-0002").error())
                .isEqualTo(
                        transcript
                                + ":2: transcript line for 1-10-0002 has no"
                                + " audio file "
                                + listing.uriOf("test-clean/1/10/1-10-0002.flac"));
        assertThat(byId.get("1-10-0003").error())
                .isEqualTo(
                        transcript
                                + ":3: expected '<utt-id> <TEXT>' but the line has no text after"
                                + " '1-10-0003'");
        assertThat(byId.get("1-10-0003").audioUri())
                .isEqualTo(listing.uriOf("test-clean/1/10/1-10-0003.flac"));
        assertThat(byId.get("1-10-0004").error())
                .startsWith(transcript + ":4: expected '<utt-id> <TEXT>'");
        assertThat(byId.get("1-10-0004").key().split()).isEqualTo("test-clean");
        assertThat(byId.get("test-other/2/20/stray.flac").error())
                .endsWith(
                        " does not follow the LibriSpeech layout "
                                + LibriSpeechLayout.AUDIO_PATTERN
                                + " (or <speaker>-<chapter>.trans.txt)");
        assertThat(byId.get("test-other/2/20/stray.FLAC").error())
                .endsWith("(or <speaker>-<chapter>.trans.txt)");
        assertThat(byId.get("test-other/2/20/2-20-0001.FLAC").error())
                .endsWith(
                        "(or <speaker>-<chapter>.trans.txt): its extension must be .flac, in"
                                + " lower case");
    }

    @Test
    void unreadableTranscriptIsAFailureAtItsLineAndItsAudioSaysSo() throws IOException {
        touch("test-clean/1/10/1-10-0000.flac");
        touch("test-clean/1/10/1-10-0001.flac");
        Files.write(
                root.resolve("test-clean/1/10/1-10.trans.txt"),
                new byte[] {
                    '1', '-', '1', '0', '-', '0', '0', '0', '0', ' ', 'A', '\n', (byte) 0xff
                });

        LibriSpeechListing listing =
                LibriSpeechListing.list(jsc.hadoopConfiguration(), root.toString(), List.of());
        Map<String, Utterance> byId = collectById(listing);

        String transcript = listing.uriOf("test-clean/1/10/1-10.trans.txt");
        String unreadable = transcript + ":2: not valid UTF-8 text";
        assertThat(byId).containsOnlyKeys(transcript + ":2", "1-10-0000", "1-10-0001");
        assertThat(byId.get(transcript + ":2").error()).isEqualTo(unreadable);
        assertThat(byId.get("1-10-0000").error())
                .isEqualTo(
                        "no reference for 1-10-0000: its transcript could not be read: "
                                + unreadable);
        assertThat(byId.get("1-10-0001").error())
                .isEqualTo(
                        "no reference for 1-10-0001: its transcript could not be read: "
                                + unreadable);
    }

    @Test
    void aTranscriptReadFailingForTheMomentFailsTheTaskForSparkToRetry() throws IOException {
        // A connection reset is not the file's fault: failing the chapter's utterances would
        // take them out of the WER where a rerun of the task reads them.
        touch("test-clean/1/10/1-10-0000.flac");
        write("test-clean/1/10/1-10.trans.txt", "1-10-0000 A\n");
        LibriSpeechListing local =
                LibriSpeechListing.list(jsc.hadoopConfiguration(), root.toString(), List.of());
        // The same files, read through a connection that drops at once.
        LibriSpeechListing listing =
                new LibriSpeechListing(
                        FlakyFileSystem.uri(root),
                        local.splits(),
                        local.audioFiles(),
                        local.transcriptFiles(),
                        local.misplacedFiles());
        org.apache.hadoop.conf.Configuration flaky = FlakyFileSystem.conf(0);

        assertThatThrownBy(
                        () ->
                                LibriSpeechSource.utterances(
                                                jsc, listing, new SerializableHadoopConf(flaky), 2)
                                        .collect())
                .hasStackTraceContaining("Connection reset");
    }

    @Test
    void audioOfAChapterWithoutTranscriptFileSaysTheFileIsMissing() throws IOException {
        touch("test-clean/1/10/1-10-0000.flac");
        touch("test-clean/1/11/1-11-0000.flac");
        write("test-clean/1/11/1-11.trans.txt", "1-11-0000 A\n");

        LibriSpeechListing listing =
                LibriSpeechListing.list(jsc.hadoopConfiguration(), root.toString(), List.of());
        Map<String, Utterance> byId = collectById(listing);

        assertThat(byId.get("1-10-0000").error())
                .isEqualTo(
                        "no reference for 1-10-0000: transcript file "
                                + listing.uriOf("test-clean/1/10/1-10.trans.txt")
                                + " does not exist");
        assertThat(byId.get("1-11-0000").isEvaluable()).isTrue();
    }

    @Test
    void aChapterInTwoSplitsIsJoinedWithinEachSplit() throws IOException {
        // A subset copied to a split folder of its own: ids repeat across splits, and each audio
        // file takes the line of its own split's transcript, once.
        touch("test-clean/1/10/1-10-0000.flac");
        write("test-clean/1/10/1-10.trans.txt", "1-10-0000 CLEAN\n");
        touch("mine/1/10/1-10-0000.flac");
        write("mine/1/10/1-10.trans.txt", "1-10-0000 MINE\n");

        LibriSpeechListing listing =
                LibriSpeechListing.list(jsc.hadoopConfiguration(), root.toString(), List.of());
        SerializableHadoopConf conf = new SerializableHadoopConf(jsc.hadoopConfiguration());

        for (List<Utterance> utterances :
                List.of(
                        LibriSpeechSource.utterances(jsc, listing, conf, 2).collect(),
                        LibriSpeechSource.utterancesByDuration(jsc, listing, conf, 2, 10)
                                .collect())) {
            assertThat(utterances)
                    .extracting(u -> u.key().split() + " " + u.reference() + " " + u.error())
                    .containsExactlyInAnyOrder("mine MINE null", "test-clean CLEAN null");
        }
    }

    @Test
    void rootWhosePathNeedsEscapingIsReadAsListed() throws IOException {
        // Hadoop paths print unescaped: "a b" and a literal "p%20c" are other folders than "a%20b"
        // and "p c", and reading a listed URI must not decode or refuse it.
        for (String folder : List.of("a b", "p%20c", "h#é")) {
            Path data = root.resolve(folder);
            write(folder + "/test-clean/1/10/1-10-0000.flac", "fLaC");
            write(folder + "/test-clean/1/10/1-10.trans.txt", "1-10-0000 HELLO\n");

            LibriSpeechListing listing =
                    LibriSpeechListing.list(jsc.hadoopConfiguration(), data.toString(), List.of());
            Utterance utterance = collectById(listing).get("1-10-0000");

            assertThat(utterance.error()).as(folder).isNull();
            assertThat(utterance.reference()).isEqualTo("HELLO");
            assertThat(HadoopFiles.readAllBytes(jsc.hadoopConfiguration(), utterance.audioUri()))
                    .as(folder)
                    .isEqualTo("fLaC".getBytes(StandardCharsets.UTF_8));
        }
    }

    private Map<String, Utterance> collectById(LibriSpeechListing listing) {
        return LibriSpeechSource.utterances(
                        jsc, listing, new SerializableHadoopConf(jsc.hadoopConfiguration()), 2)
                .collect()
                .stream()
                .collect(Collectors.toMap(u -> u.key().id(), Function.identity()));
    }

    @Test
    void selectsSplitsByName() throws IOException {
        touch("test-clean/1/10/1-10-0000.flac");
        touch("test-other/2/20/2-20-0000.flac");

        LibriSpeechListing listing =
                LibriSpeechListing.list(
                        jsc.hadoopConfiguration(), root.toString(), List.of("test-other"));

        assertThat(listing.audioFiles())
                .extracting(ListedFile::relativePath)
                .containsExactly("test-other/2/20/2-20-0000.flac");
    }

    @Test
    void aSplitNamedTwiceIsListedOnce() throws IOException {
        // Listed twice, each utterance would be joined twice with its line and count twice.
        touch("test-clean/1/10/1-10-0000.flac");

        LibriSpeechListing listing =
                LibriSpeechListing.list(
                        jsc.hadoopConfiguration(),
                        root.toString(),
                        List.of("test-clean", "test-clean"));

        assertThat(listing.splits()).containsExactly("test-clean");
        assertThat(listing.audioFiles())
                .extracting(ListedFile::relativePath)
                .containsExactly("test-clean/1/10/1-10-0000.flac");
    }

    @Test
    void missingRootOrSplitIsAClearError() throws IOException {
        touch("test-clean/1/10/1-10-0000.flac");

        assertThatThrownBy(
                        () ->
                                LibriSpeechListing.list(
                                        jsc.hadoopConfiguration(), root + "/nope", List.of()))
                .isInstanceOf(FileNotFoundException.class)
                .hasMessage("Data root " + root + "/nope does not exist or is not a folder");
        assertThatThrownBy(
                        () ->
                                LibriSpeechListing.list(
                                        jsc.hadoopConfiguration(),
                                        root.toString(),
                                        List.of("test-clean", "dev-clean")))
                .isInstanceOf(FileNotFoundException.class)
                .hasMessage("Split 'dev-clean' not found under " + root + "; found: test-clean");
    }

    @Test
    void aRequestedSplitWithoutAudioIsRefusedBeforeTheOthersAreEvaluated() throws IOException {
        // test-other still being unpacked: its folders are there, its files not yet.
        touch("test-clean/1/10/1-10-0000.flac");
        Files.createDirectories(root.resolve("test-other/2/20"));

        assertThatThrownBy(
                        () ->
                                LibriSpeechListing.list(
                                        jsc.hadoopConfiguration(),
                                        root.toString(),
                                        List.of("test-clean", "test-other")))
                .isInstanceOf(FileNotFoundException.class)
                .hasMessage(
                        "No FLAC audio or .trans.txt transcripts in the requested split(s)"
                                + " test-other under "
                                + root
                                + "; expected "
                                + LibriSpeechLayout.AUDIO_PATTERN);
        // Not asked for by name, an empty folder may be no split at all: it is passed over with
        // a warning, and not listed among the splits the run holds.
        LibriSpeechListing all =
                LibriSpeechListing.list(jsc.hadoopConfiguration(), root.toString(), List.of());
        assertThat(all.audioFiles()).hasSize(1);
        assertThat(all.splits()).containsExactly("test-clean");
    }

    @Test
    void rootWithoutAudioIsAClearError() throws IOException {
        Files.createDirectories(root.resolve("test-clean/1/10"));

        assertThatThrownBy(
                        () ->
                                LibriSpeechListing.list(
                                        jsc.hadoopConfiguration(), root.toString(), List.of()))
                .isInstanceOf(FileNotFoundException.class)
                .hasMessageStartingWith("No FLAC audio or .trans.txt transcripts under " + root);
    }

    @Test
    void emptyRootAndTheParentOfTheRootSayWhatTheyHold() throws IOException {
        ThrowingCallable listRoot =
                () ->
                        LibriSpeechListing.list(
                                jsc.hadoopConfiguration(), root.toString(), List.of());
        Files.createDirectories(root);
        assertThatThrownBy(listRoot)
                .hasMessageStartingWith(
                        "No FLAC audio or .trans.txt transcripts under "
                                + root
                                + ", which holds no split folders; expected ");

        Files.createDirectories(root.resolve("LibriSpeech/test-clean/1/10"));
        Files.createDirectories(root.resolve("model"));
        assertThatThrownBy(listRoot)
                .hasMessageStartingWith(
                        "No FLAC audio or .trans.txt transcripts under "
                                + root
                                + " in split(s) LibriSpeech, model; expected ")
                .hasMessageEndingWith(
                        "; the data root is the folder holding the split folders: did you mean"
                                + " --data "
                                + root
                                + "/LibriSpeech?");
    }

    @Test
    void aSplitFolderGivenAsTheRootSaysWhichRootAndSplitWereMeant() throws IOException {
        // Its speaker folders were taken for splits: "in split(s) 1, 2" alone leaves users lost.
        Path split = root.resolve("test-clean");
        touch("test-clean/1/10/1-10-0000.flac");
        touch("test-clean/2/20/2-20-0000.flac");

        assertThatThrownBy(
                        () ->
                                LibriSpeechListing.list(
                                        jsc.hadoopConfiguration(), split.toString(), List.of()))
                .hasMessageStartingWith(
                        "No FLAC audio or .trans.txt transcripts under "
                                + split
                                + " in split(s) 1, 2")
                .hasMessageEndingWith(
                        "; "
                                + split
                                + " looks like a split folder (its folders are numbered like"
                                + " speakers): did you mean --data "
                                + root
                                + " --splits test-clean?");
    }

    @Test
    void plansPartitionsByDurationAndPlacesEveryUtteranceOnce() throws IOException {
        Path samples = Path.of("data-samples/LibriSpeech").toAbsolutePath();
        LibriSpeechListing listing =
                LibriSpeechListing.list(jsc.hadoopConfiguration(), samples.toString(), List.of());
        int partitions = 4;

        List<scala.Tuple2<Integer, Utterance>> placed =
                LibriSpeechSource.utterancesByDuration(
                                jsc,
                                listing,
                                new SerializableHadoopConf(jsc.hadoopConfiguration()),
                                partitions,
                                1000)
                        .mapPartitionsWithIndex(
                                (index, utterances) -> {
                                    List<scala.Tuple2<Integer, Utterance>> out =
                                            new java.util.ArrayList<>();
                                    utterances.forEachRemaining(
                                            u -> out.add(new scala.Tuple2<>(index, u)));
                                    return out.iterator();
                                },
                                true)
                        .collect();

        assertThat(placed).extracting(t -> t._2().key().id()).doesNotHaveDuplicates();
        assertThat(placed).hasSize(listing.audioFiles().size());
        assertThat(placed).allMatch(t -> t._2().isEvaluable());
        // Durations from each file's STREAMINFO (total samples over rate); the same 60 files are
        // decoded to exactly these lengths in the audio tests, which compare with `flac -d`.
        double[] loads = new double[partitions];
        double longest = 0;
        for (scala.Tuple2<Integer, Utterance> t : placed) {
            double seconds;
            try (java.io.InputStream in =
                    Files.newInputStream(Path.of(java.net.URI.create(t._2().audioUri())))) {
                seconds =
                        org.wav2vec2spark.audio.FlacDecoder.readStreamInfo(in, "sample")
                                .durationSeconds();
            }
            assertThat(t._1()).isBetween(0, partitions - 1);
            loads[t._1()] += seconds;
            longest = Math.max(longest, seconds);
        }
        double mean = java.util.Arrays.stream(loads).sum() / partitions;
        assertThat(java.util.Arrays.stream(loads).max().orElseThrow())
                .isLessThanOrEqualTo(mean + longest);
    }

    private void touch(String relative) throws IOException {
        write(relative, "");
    }

    private void write(String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
