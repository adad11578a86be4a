package org.wav2vec2spark.jobs.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A completed run's folder is kept unless --overwrite; what a failed run left is replaced. */
class ExistingOutputTest {
    @TempDir Path dir;

    private static boolean toReplace(Path output, boolean overwrite) throws IOException {
        return ExistingOutput.toReplace(new Configuration(), output.toUri().toString(), overwrite);
    }

    private static boolean holdsNoResult(Path output) throws IOException {
        return ExistingOutput.holdsNoResult(
                FileSystem.getLocal(new Configuration()),
                new org.apache.hadoop.fs.Path(output.toUri()));
    }

    @Test
    void aMissingFolderHasNothingToReplace() throws IOException {
        assertThat(toReplace(dir.resolve("new"), false)).isFalse();
        assertThat(toReplace(dir.resolve("new"), true)).isFalse();
    }

    @Test
    void anEmptyFolderIsWrittenIntoNotReplaced() throws IOException {
        // Moving it aside left a shell whose working directory it was (--output .) in the moved,
        // then deleted, folder.
        Path empty = Files.createDirectories(dir.resolve("made-ahead"));

        assertThat(toReplace(empty, false)).isFalse();
        assertThat(toReplace(empty, true)).isFalse();
    }

    @Test
    void aCompletedRunIsReplacedOnlyWithOverwrite() throws IOException {
        Path done = Files.createDirectories(dir.resolve("done/utterances")).getParent();
        Files.writeString(done.resolve("utterances/_SUCCESS"), "");
        Files.writeString(done.resolve("summary.json"), "{}");

        assertThatThrownBy(() -> toReplace(done, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(done.toUri().toString())
                .hasMessageContaining("already exists; choose a new folder or pass --overwrite");
        assertThat(toReplace(done, true)).isTrue();
    }

    @Test
    void resultsWithoutSuccessMarkOrSummaryAreReplaced() throws IOException {
        // A job that failed (or was killed) leaves utterances/ with no _SUCCESS and no summary.
        Files.createDirectories(dir.resolve("failed/utterances/_temporary/0"));
        assertThat(toReplace(dir.resolve("failed"), false)).isTrue();

        // The same results with the commit protocol's mark are a result, even without a summary.
        Path committed = Files.createDirectories(dir.resolve("committed/utterances"));
        Files.writeString(committed.resolve("_SUCCESS"), "");
        assertThat(holdsNoResult(committed.getParent())).isFalse();
    }

    @Test
    void anInterruptedSummaryWriteHoldsNoResult() throws IOException {
        // summary.json goes through a randomly named temporary file; a run killed while writing it
        // leaves that file (and, from earlier versions, Hadoop's checksum of it) beside results
        // without _SUCCESS.
        Path killed = Files.createDirectories(dir.resolve("killed/utterances")).getParent();
        Files.writeString(killed.resolve(".summary.json.5d2e9c41.tmp"), "{");
        Files.writeString(killed.resolve("..summary.json.5d2e9c41.tmp.crc"), "");
        Path other = Files.createDirectories(dir.resolve("other/utterances")).getParent();
        Files.writeString(other.resolve(".notes.txt.5d2e9c41.tmp"), "not ours");

        assertThat(holdsNoResult(killed)).isTrue();
        assertThat(holdsNoResult(other)).isFalse();
    }

    @Test
    void aScoreRunKilledBeforeItsSummaryHoldsNoResult() throws IOException {
        // The score job writes utterances.tsv, then summary.json, each through a temporary file;
        // earlier versions left Hadoop's checksum beside each on a local disk.
        Path killed = Files.createDirectories(dir.resolve("killed"));
        Files.writeString(killed.resolve("utterances.tsv"), "split\tid\n");
        Files.writeString(killed.resolve(".utterances.tsv.crc"), "");
        Files.writeString(killed.resolve(".summary.json.5d2e9c41.tmp"), "{");
        Path whileWritingTable = Files.createDirectories(dir.resolve("table"));
        Files.writeString(whileWritingTable.resolve(".utterances.tsv.0a1b2c3d.tmp"), "split");
        Path finished = Files.createDirectories(dir.resolve("finished"));
        Files.writeString(finished.resolve("utterances.tsv"), "split\tid\n");
        Files.writeString(finished.resolve("summary.json"), "{}");

        assertThat(holdsNoResult(killed)).isTrue();
        assertThat(holdsNoResult(whileWritingTable)).isTrue();
        assertThat(holdsNoResult(finished)).isFalse();
    }

    @Test
    void anInputInsideTheFolderToReplaceIsRefused() throws IOException {
        Path out = Files.createDirectories(dir.resolve("exp/sys1"));
        String hyp = out.resolve("hyp.txt").toString();
        String beside = dir.resolve("exp/sys10/hyp.txt").toString();
        Configuration conf = new Configuration();

        assertThatThrownBy(
                        () ->
                                ExistingOutput.requireInputsOutside(
                                        conf, out.toString(), "--hyp", List.of(beside, hyp)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "--hyp "
                                + hyp
                                + " is inside the output folder "
                                + out
                                + ", which this run would replace and delete; write the output"
                                + " to another folder");
        assertThatThrownBy(
                        () ->
                                ExistingOutput.requireInputsOutside(
                                        conf, "file://" + out, "--data", List.of(out.toString())))
                .hasMessageStartingWith("--data " + out + " is inside the output folder");
        // A sibling whose name merely starts with the folder's is not inside it.
        ExistingOutput.requireInputsOutside(conf, out.toString(), "--hyp", List.of(beside));
    }

    @Test
    void anInputInsideTheFolderUnderAnotherSpellingIsRefused() throws IOException {
        // The folder is moved aside and deleted whatever its name: a link to it, or the name node
        // with its port written out, must not let an input inside it through.
        Path out = Files.createDirectories(dir.resolve("real/out"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), dir.resolve("real"));
        Configuration conf = new Configuration();

        assertThatThrownBy(
                        () ->
                                ExistingOutput.requireInputsOutside(
                                        conf,
                                        link.resolve("out").toString(),
                                        "--data",
                                        List.of(out.resolve("LibriSpeech").toString())))
                .hasMessageStartingWith(
                        "--data " + out.resolve("LibriSpeech") + " is inside the output folder");
        assertThatThrownBy(
                        () ->
                                ExistingOutput.requireInputsOutside(
                                        conf,
                                        "hdfs://localhost/asr/out",
                                        "--data",
                                        List.of("hdfs://localhost:8020/asr/out/LibriSpeech")))
                .hasMessageStartingWith(
                        "--data hdfs://localhost:8020/asr/out/LibriSpeech is inside the output"
                                + " folder");
        ExistingOutput.requireInputsOutside(
                conf,
                "hdfs://localhost/asr/out",
                "--data",
                List.of("hdfs://localhost:9000/asr/out/LibriSpeech"));
    }

    @Test
    void aFileOrAFolderOfOtherThingsIsNeverTakenForAFailedRun() throws IOException {
        Path file = Files.writeString(dir.resolve("out.txt"), "x");
        Path notes = Files.createDirectories(dir.resolve("notes"));
        Files.writeString(notes.resolve("notes.txt"), "mine");

        assertThat(holdsNoResult(file)).isFalse();
        assertThat(holdsNoResult(notes)).isFalse();
        assertThatThrownBy(() -> toReplace(notes, false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFileIsRefusedEvenWithOverwrite() throws IOException {
        // --overwrite replaced it with a results folder: a user's file gone for a typo.
        Path file = Files.writeString(dir.resolve("precious.txt"), "keep me");

        assertThatThrownBy(() -> toReplace(file, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "--output "
                                + file.toUri()
                                + " is a file; give a folder for the run's outputs");
        assertThatThrownBy(() -> toReplace(file, false))
                .hasMessageContaining(" is a file; give a folder");
        assertThat(file).hasContent("keep me");
    }

    @Test
    void overwriteReplacesWhatEvaluateAndScoreRunsWrite() throws IOException {
        Path evaluated = Files.createDirectories(dir.resolve("evaluated/utterances")).getParent();
        Files.createDirectories(evaluated.resolve("utterances-json"));
        Files.writeString(evaluated.resolve("summary.json"), "{}");
        Files.writeString(evaluated.resolve("report.html"), "<html>");
        Files.writeString(evaluated.resolve(".report.html.5d2e9c41.tmp"), "<ht");
        Files.writeString(evaluated.resolve(".summary.json.crc"), "");
        Path scored = Files.createDirectories(dir.resolve("scored"));
        Files.writeString(scored.resolve("summary.json"), "{}");
        Files.writeString(scored.resolve("utterances.tsv"), "id");

        assertThat(toReplace(evaluated, true)).isTrue();
        assertThat(toReplace(scored, true)).isTrue();
    }

    @Test
    void overwriteRefusesAFolderHoldingFilesNoRunWrites() throws IOException {
        // --data data --output data/test-clean --overwrite: the recordings went with the folder.
        Path split = Files.createDirectories(dir.resolve("data/test-clean/89/94172"));
        Files.writeString(split.resolve("89-94172-0000.flac"), "fLaC");
        Path output = split.getParent().getParent();
        Path results = Files.createDirectories(dir.resolve("results/utterances")).getParent();
        Files.writeString(results.resolve("summary.json"), "{}");
        Files.writeString(results.resolve("notes.txt"), "mine");

        assertThatThrownBy(() -> toReplace(output, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "--output "
                                + output.toUri()
                                + " holds files no evaluate or score run writes (89); --overwrite"
                                + " replaces only an earlier run's output folder, so choose"
                                + " another --output");
        assertThatThrownBy(() -> toReplace(results, true))
                .hasMessageContaining("holds files no evaluate or score run writes (notes.txt)");
    }

    @Test
    void aFolderThatCannotBeListedIsTheOutputsFailureNamingIt() throws IOException {
        // It exited 2 with "/data/unlisted: Permission denied" alone: neither option nor reason.
        Path unlisted = Files.createDirectories(dir.resolve("unlisted"));
        String uri = RefusingFileSystems.uri(RefusingFileSystems.RefusesListing.class, unlisted);
        Configuration conf =
                RefusingFileSystems.configuration(RefusingFileSystems.RefusesListing.class);

        assertThatThrownBy(() -> ExistingOutput.toReplace(conf, uri, false))
                .isInstanceOf(OutputWriteException.class)
                .hasMessage(
                        "Cannot write the output "
                                + uri
                                + ": "
                                + unlisted.toAbsolutePath()
                                + ": permission denied");
    }
}
