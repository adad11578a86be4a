package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.wav2vec2spark.jobs.output.RefusingFileSystems;
import org.wav2vec2spark.jobs.output.RefusingFileSystems.RefusesSummary;
import org.wav2vec2spark.jobs.output.RunFolder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The score command on hand-made transcripts whose counts are derived by hand below. Each
 * hypothesis differs from its reference by as many edits as the lengths differ (or by one
 * substitution at equal length), so only one alignment reaches the minimum and the counts are
 * unambiguous:
 *
 * <pre>
 * u1  THE CAT SAT ON THE MAT -> THE CAT SAT ON MAT     6 words, 1 del; 22 chars, 4 del ("THE ")
 * u2  HELLO WORLD -> HELLO BIG WORLD                   2 words, 1 ins; 11 chars, 4 ins ("BIG ")
 * u3  A B C D -> A X C D                               4 words, 1 sub;  7 chars, 1 sub
 * u4  ONLY IN REF -> (missing)                         3 words, 3 del; 11 chars, 11 del (mode all)
 * u6  GOOD DAY -> GOOD DAY                             2 words, none;   8 chars, none
 * u5  (not in ref) -> ONLY IN HYP                      not scored, listed
 * </pre>
 *
 * Mode all: 17 words, 6 errors (1 ins, 4 del, 1 sub) = 35.29%; 4 of 5 sentences wrong; 59
 * characters, 20 errors (4 ins, 15 del, 1 sub) = 33.90%. Mode present drops u4: 14 words, 3 errors
 * = 21.43%; 3 of 4 sentences wrong.
 */
class ScoreJobTest {
    @TempDir Path dir;
    private Path ref;
    private Path hyp;

    @BeforeEach
    void writeTranscripts() throws IOException {
        ref = dir.resolve("ref.txt");
        hyp = dir.resolve("hyp.txt");
        Files.write(
                ref,
                List.of(
                        "u1 THE CAT SAT ON THE MAT",
                        "u2 HELLO WORLD",
                        "u3 A B C D",
                        "u4 ONLY IN REF",
                        "u6 GOOD DAY"));
        Files.write(
                hyp,
                List.of(
                        "u6 GOOD DAY",
                        "u5 ONLY IN HYP",
                        "u3 A X C D",
                        "u2 HELLO BIG WORLD",
                        "u1 THE CAT SAT ON MAT"));
    }

    @Test
    void printsComputeWerLinesAndIdsInOnlyOneFile() {
        Result result = score("--ref", ref.toString(), "--hyp", hyp.toString());

        assertThat(result.code).isZero();
        assertThat(result.out.lines().toList())
                .containsExactly(
                        "%WER 35.29 [ 6 / 17, 1 ins, 4 del, 1 sub ] [PARTIAL]",
                        "%SER 80.00 [ 4 / 5 ]",
                        "Scored 5 sentences, 1 not present in hyp.",
                        "%CER 33.90 [ 20 / 59, 4 ins, 15 del, 1 sub ]",
                        "1 id(s) only in ref (scored as empty hypotheses): u4",
                        "1 id(s) only in hyp (not scored): u5");
    }

    @Test
    void countsAreWrittenInAsciiDigitsWhateverTheDefaultLocale() {
        // Under cron with LANG=ar_EG.UTF-8 a locale-less format writes 1 as U+0661.
        Locale previous = Locale.getDefault();
        Result result;
        try {
            Locale.setDefault(Locale.forLanguageTag("ar-EG"));
            result = score("--ref", ref.toString(), "--hyp", hyp.toString());
        } finally {
            Locale.setDefault(previous);
        }

        assertThat(result.out)
                .contains(
                        "1 id(s) only in ref (scored as empty hypotheses): u4",
                        "1 id(s) only in hyp (not scored): u5");
    }

    @Test
    void presentModeLeavesMissingHypothesesOut() {
        Result result =
                score("--ref", ref.toString(), "--hyp", hyp.toString(), "--mode", "present");

        assertThat(result.code).isZero();
        assertThat(result.out.lines().limit(3).toList())
                .containsExactly(
                        "%WER 21.43 [ 3 / 14, 1 ins, 1 del, 1 sub ] [PARTIAL]",
                        "%SER 75.00 [ 3 / 4 ]", "Scored 4 sentences, 1 not present in hyp.");
        assertThat(result.out).contains("1 id(s) only in ref (not scored): u4");
    }

    @Test
    void presentModeWithNoIdInBothFilesIsAnErrorNotANanWer() throws IOException {
        Path other = Files.writeString(dir.resolve("other-hyp.txt"), "x1 FOO\nx2 BAR\n");
        Path output = dir.resolve("present-none");

        Result result =
                score(
                        "--ref",
                        ref.toString(),
                        "--hyp",
                        other.toString(),
                        "--mode",
                        "present",
                        "--output",
                        output.toString());

        assertThat(result.code).isEqualTo(2);
        assertThat(result.err)
                .isEqualTo(
                        "score: --ref "
                                + ref
                                + " against --hyp "
                                + other
                                + ": --mode present scores the ids found in both files, and none of"
                                + " the 5 reference ids has a hypothesis (reference ids: u1 u2 u3"
                                + " u4 u6; hypothesis ids: x1 x2): are the two files of the same"
                                + " utterances?\n");
        assertThat(output).doesNotExist();
    }

    @Test
    void strictModeRefusesMissingHypotheses() {
        Result result = score("--ref", ref.toString(), "--hyp", hyp.toString(), "--mode", "strict");

        assertThat(result.code).isEqualTo(2);
        assertThat(result.err)
                .isEqualTo(
                        "score: --ref "
                                + ref
                                + " against --hyp "
                                + hyp
                                + ": 1 reference utterance(s) have no hypothesis and --mode is"
                                + " strict: u4\n");
    }

    @Test
    void identicalFilesScoreZeroWithoutPartial() {
        Result result = score("--ref", ref.toString(), "--hyp", ref.toString());

        assertThat(result.out.lines().limit(3).toList())
                .containsExactly(
                        "%WER 0.00 [ 0 / 17, 0 ins, 0 del, 0 sub ]",
                        "%SER 0.00 [ 0 / 5 ]", "Scored 5 sentences, 0 not present in hyp.");
    }

    @Test
    void lowerCaseHypothesesScoreAsWrittenUnlessCaseFoldingIsAsked() throws IOException {
        Path lowerCase = dir.resolve("lower.txt");
        Files.write(
                lowerCase,
                Files.readAllLines(ref).stream()
                        .map(line -> line.toLowerCase(Locale.ROOT))
                        .toList());
        Path out = dir.resolve("folded");

        Result asWritten = score("--ref", ref.toString(), "--hyp", lowerCase.toString());
        Result folded =
                score(
                        "--ref", ref.toString(),
                        "--hyp", lowerCase.toString(),
                        "--case-folding", "upper",
                        "--output", out.toString());
        Result bad = score("--ref", ref.toString(), "--hyp", ref.toString(), "--case-folding", "x");

        assertThat(asWritten.out).startsWith("%WER 100.00 [ 17 / 17, 0 ins, 0 del, 17 sub ]");
        assertThat(folded.out)
                .startsWith("%WER 0.00 [ 0 / 17, 0 ins, 0 del, 0 sub ]")
                .contains("case folded (--case-folding upper)");
        assertThat(
                        JsonParser.parseString(Files.readString(out.resolve("summary.json")))
                                .getAsJsonObject()
                                .getAsJsonObject("run")
                                .get("case_folding")
                                .getAsString())
                .isEqualTo("upper");
        // The table keeps the texts as given.
        assertThat(Files.readAllLines(out.resolve(RunFolder.UTTERANCES_TSV)))
                .contains("u2\tscored\t2\t0\t0\t0\t11\t0\tHELLO WORLD\thello world");
        assertThat(bad.code).isEqualTo(2);
        assertThat(bad.err).isEqualTo("score: --case-folding must be none or upper, got 'x'\n");
    }

    @Test
    void writesSummaryJsonAndPerUtteranceTable() throws Exception {
        Path out = dir.resolve("scored");
        Result result =
                score(
                        "--ref", ref.toString(),
                        "--hyp", hyp.toString(),
                        "--output", out.toString(),
                        "--split", "dev");

        assertThat(result.code).isZero();
        JsonObject summary =
                JsonParser.parseString(Files.readString(out.resolve("summary.json")))
                        .getAsJsonObject();
        JsonObject dev = summary.getAsJsonObject("splits").getAsJsonObject("dev");
        assertThat(dev.get("utterances").getAsLong()).isEqualTo(5);
        assertThat(dev.get("failed").getAsLong()).isZero();
        assertThat(dev.get("words").getAsLong()).isEqualTo(17);
        assertThat(dev.get("insertions").getAsLong()).isEqualTo(1);
        assertThat(dev.get("deletions").getAsLong()).isEqualTo(4);
        assertThat(dev.get("substitutions").getAsLong()).isEqualTo(1);
        assertThat(dev.get("wer").getAsDouble()).isEqualTo(6.0 / 17);
        assertThat(dev.get("cer").getAsDouble()).isEqualTo(20.0 / 59);
        assertThat(summary.getAsJsonObject("model").get("sha256").getAsString())
                .isEqualTo(sha256OfWholeFile(hyp));

        List<String> rows = Files.readAllLines(out.resolve(RunFolder.UTTERANCES_TSV));
        assertThat(rows).hasSize(1 + 5 + 1);
        assertThat(rows.get(0)).startsWith("id\tstatus\treference_words\t");
        assertThat(rows)
                .contains(
                        "u1\tscored\t6\t0\t1\t0\t22\t4\tTHE CAT SAT ON THE MAT\tTHE CAT SAT ON MAT",
                        "u4\tno_hyp_scored_empty\t3\t0\t3\t0\t11\t11\tONLY IN REF\t",
                        "u5\tno_ref\t\t\t\t\t\t\t\tONLY IN HYP");
    }

    @Test
    void badInputAndUsageExitWithTwo() throws IOException {
        Path duplicate = dir.resolve("dup.txt");
        Files.write(duplicate, List.of("u1 A", "u1 B"));

        Result dup = score("--ref", duplicate.toString(), "--hyp", hyp.toString());
        Result missing =
                score("--ref", dir.resolve("nope.txt").toString(), "--hyp", hyp.toString());
        Result usage = score("--ref", ref.toString());
        Result unknown = score("--reference", ref.toString());

        assertThat(dup.code).isEqualTo(2);
        assertThat(dup.err)
                .contains(duplicate + ":2: duplicate utterance id 'u1' (first on line 1)");
        assertThat(missing.code).isEqualTo(2);
        assertThat(missing.err).startsWith("score: Cannot read " + dir.resolve("nope.txt"));
        assertThat(usage.code).isEqualTo(2);
        assertThat(usage.err).isEqualTo("score: --hyp is required (see --help)\n");
        assertThat(unknown.code).isEqualTo(2);
        assertThat(unknown.err)
                .startsWith(
                        "score: Unknown option --reference (did you mean --ref?); valid options:"
                                + " --ref, --hyp");
    }

    @Test
    void anOutputFolderHoldingARunIsKeptUnlessOverwrite() throws IOException {
        Path out = dir.resolve("scored");
        assertThat(
                        score(
                                        "--ref",
                                        ref.toString(),
                                        "--hyp",
                                        hyp.toString(),
                                        "--output",
                                        out.toString())
                                .code)
                .isZero();
        Files.writeString(out.resolve("notes.txt"), "from the earlier run");
        String earlier = Files.readString(out.resolve("summary.json"));

        Result refused =
                score("--ref", ref.toString(), "--hyp", ref.toString(), "--output", out.toString());

        assertThat(refused.code).isEqualTo(2);
        assertThat(refused.out).isEmpty();
        assertThat(refused.err)
                .isEqualTo(
                        "score: Output "
                                + out
                                + " already exists; choose a new folder or pass --overwrite\n");
        assertThat(out.resolve("notes.txt")).exists();
        assertThat(out.resolve("summary.json")).hasContent(earlier);
    }

    @Test
    void aFolderLeftByAScoreKilledBeforeItsSummaryIsReplacedWithoutOverwrite() throws IOException {
        Path out = dir.resolve("scored");
        score("--ref", ref.toString(), "--hyp", hyp.toString(), "--output", out.toString());
        // As a score killed between its two writes leaves the folder.
        Files.delete(out.resolve("summary.json"));

        Result rerun =
                score("--ref", ref.toString(), "--hyp", ref.toString(), "--output", out.toString());

        assertThat(rerun.code).isZero();
        assertThat(werIn(out.resolve("summary.json"))).isZero();
    }

    @Test
    void aSecondScoreOnTheOutputIsRefusedLeavingTheFirstOnesFolder() throws IOException {
        // The first score has written utterances.tsv and not yet summary.json: without the lock
        // the second would take the folder for a killed run's and replace it under the first.
        Path out = Files.createDirectories(dir.resolve("busy"));
        Files.writeString(out.resolve("utterances.tsv"), "split\tid\n");
        Path lock = dir.resolve(".busy.lock");
        Files.writeString(
                lock, "host=elsewhere\npid=7\nstarted=2026-12-02T01:00:00Z\ntoken=first\n");

        Result refused =
                score("--ref", ref.toString(), "--hyp", hyp.toString(), "--output", out.toString());

        assertThat(refused.code).isEqualTo(3);
        assertThat(refused.err)
                .contains("another job is writing to it (process 7 on")
                .contains("delete " + lock);
        assertThat(out.resolve("utterances.tsv")).hasContent("split\tid\n");
        assertThat(lock).content().contains("token=first");

        Files.delete(lock);
        Result scored =
                score("--ref", ref.toString(), "--hyp", ref.toString(), "--output", out.toString());
        assertThat(scored.code).isZero();
        assertThat(werIn(out.resolve("summary.json"))).isZero();
        assertThat(lock).doesNotExist();
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aHypothesisFromAPipeIsReadOnceAndItsChecksumIsOfWhatWasScored() throws Exception {
        // As bash's --hyp <(...) gives it: the summary's checksum read the pipe a second time,
        // and got the hash of nothing (or waited for a writer that never came).
        Path pipe = dir.resolve("hyp.fifo");
        assertThat(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor()).isZero();
        byte[] content = Files.readAllBytes(hyp);
        Thread writer =
                new Thread(
                        () -> {
                            try {
                                Files.write(pipe, content);
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        });
        writer.setDaemon(true);
        writer.start();
        Path out = dir.resolve("piped");

        Result scored =
                score(
                        "--ref",
                        ref.toString(),
                        "--hyp",
                        pipe.toString(),
                        "--output",
                        out.toString());

        assertThat(scored.code).as(scored.err).isZero();
        JsonObject summary =
                JsonParser.parseString(Files.readString(out.resolve("summary.json")))
                        .getAsJsonObject();
        assertThat(summary.getAsJsonObject("model").get("sha256").getAsString())
                .isEqualTo(sha256OfWholeFile(hyp));
    }

    @Test
    void anOutputGivenWithATrailingDotIsReplacedAsTheFolderItNames() throws IOException {
        // Named "." as given, so the folder was to be moved aside into itself (exit 3); "--output
        // ." had no parent at all, and failed with a NullPointerException.
        Path out = dir.resolve("dotted");
        String dotted = out + "/.";
        score("--ref", ref.toString(), "--hyp", hyp.toString(), "--output", dotted);

        Result rerun =
                score(
                        "--ref",
                        ref.toString(),
                        "--hyp",
                        ref.toString(),
                        "--output",
                        dotted,
                        "--overwrite");

        assertThat(rerun.code).as(rerun.err).isZero();
        assertThat(werIn(out.resolve("summary.json"))).isZero();
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .noneMatch(name -> name.contains("replaced") || name.endsWith(".lock"));
        }
    }

    @Test
    void overwriteRefusesAHypothesisInsideTheFolderItWouldReplace() throws IOException {
        // Kaldi-style experiment folders hold the hypothesis beside the scores.
        Path out = dir.resolve("exp");
        score("--ref", ref.toString(), "--hyp", hyp.toString(), "--output", out.toString());
        Path inside = Files.copy(hyp, out.resolve("hyp.txt"));
        String earlier = Files.readString(out.resolve("summary.json"));

        Result refused =
                score(
                        "--ref",
                        ref.toString(),
                        "--hyp",
                        inside.toString(),
                        "--output",
                        out.toString(),
                        "--overwrite");

        assertThat(refused.code).isEqualTo(2);
        assertThat(refused.out).isEmpty();
        // Refused as a folder of more than a run's files, before the inputs are looked at.
        assertThat(refused.err)
                .isEqualTo(
                        "score: --output "
                                + out
                                + " holds files no evaluate or score run writes (hyp.txt);"
                                + " --overwrite replaces only an earlier run's output folder, so"
                                + " choose another --output\n");
        assertThat(inside).exists();
        assertThat(out.resolve("summary.json")).hasContent(earlier);
    }

    @Test
    void overwriteReplacesTheWholeFolderOnceScored() throws IOException {
        Path out = dir.resolve("scored");
        score("--ref", ref.toString(), "--hyp", hyp.toString(), "--output", out.toString());
        Path leftOver = out.resolve(".summary.json.5d2e9c41.tmp");
        Files.writeString(leftOver, "from the earlier run");

        Result replaced =
                score(
                        "--ref",
                        ref.toString(),
                        "--hyp",
                        ref.toString(),
                        "--output",
                        out.toString(),
                        "--overwrite");

        assertThat(replaced.code).isZero();
        assertThat(werIn(out.resolve("summary.json"))).isZero();
        assertThat(leftOver).doesNotExist();
        // No moved-aside copy is left beside it.
        try (Stream<Path> entries = Files.list(dir)) {
            assertThat(entries.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("ref.txt", "hyp.txt", "scored");
        }
    }

    @Test
    void overwriteKeepsTheEarlierOutputWhenScoringFails() throws IOException {
        Path out = dir.resolve("scored");
        score("--ref", ref.toString(), "--hyp", hyp.toString(), "--output", out.toString());
        String earlier = Files.readString(out.resolve("summary.json"));

        Result strict =
                score(
                        "--ref",
                        ref.toString(),
                        "--hyp",
                        hyp.toString(),
                        "--output",
                        out.toString(),
                        "--overwrite",
                        "--mode",
                        "strict");

        assertThat(strict.code).isEqualTo(2);
        assertThat(out.resolve("summary.json")).hasContent(earlier);
    }

    @Test
    void overwritePutsTheEarlierOutputBackWhenWritingFails() throws IOException {
        Path out = dir.resolve("scored");
        score("--ref", ref.toString(), "--hyp", hyp.toString(), "--output", out.toString());
        String earlier = Files.readString(out.resolve("summary.json"));
        Configuration failing = RefusingFileSystems.configuration(RefusesSummary.class);

        Result failed =
                score(
                        failing,
                        "--ref",
                        ref.toString(),
                        "--hyp",
                        ref.toString(),
                        "--output",
                        RefusingFileSystems.uri(RefusesSummary.class, out),
                        "--overwrite");

        assertThat(failed.code).isEqualTo(3);
        assertThat(failed.err)
                .contains(
                        "score: Cannot write the output "
                                + RefusingFileSystems.uri(RefusesSummary.class, out))
                .contains("refused summary.json");
        assertThat(out.resolve("summary.json")).hasContent(earlier);
        try (Stream<Path> entries = Files.list(dir)) {
            assertThat(entries.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("ref.txt", "hyp.txt", "scored");
        }
    }

    @Test
    void resultsLineNamesTheFolderAbsoluteWhenGivenRelative() {
        Path workingDirectory = Path.of("").toAbsolutePath();
        Path out = dir.resolve("scored");
        // The temporary folder as a path relative to the working directory, with a detour.
        String relative = workingDirectory.relativize(dir) + "/../" + dir.getFileName() + "/scored";

        Result result =
                score("--ref", ref.toString(), "--hyp", hyp.toString(), "--output", relative);

        assertThat(result.code).isZero();
        assertThat(out.resolve("summary.json")).exists();
        assertThat(result.out.lines().reduce((first, second) -> second))
                .hasValue("Results: " + out);
    }

    @Test
    void overwriteWithoutOutputIsAUsageError() {
        Result result = score("--ref", ref.toString(), "--hyp", hyp.toString(), "--overwrite");

        assertThat(result.code).isEqualTo(2);
        assertThat(result.err)
                .isEqualTo("score: --overwrite needs --output (the folder to replace)\n");
    }

    private static double werIn(Path summaryJson) throws IOException {
        return JsonParser.parseString(Files.readString(summaryJson))
                .getAsJsonObject()
                .getAsJsonObject("splits")
                .getAsJsonObject("all")
                .get("wer")
                .getAsDouble();
    }

    private record Result(int code, String out, String err) {}

    private static Result score(String... args) {
        return score(new Configuration(), args);
    }

    private static Result score(Configuration conf, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code =
                ScoreJob.run(
                        conf,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        args);
        return new Result(
                code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The hash as the job computed it before it streamed: over the file read into one array. */
    private static String sha256OfWholeFile(Path file) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    void aFileSystemThatCannotOpenIsNamedWithItsOption() {
        // As s3a: without hadoop-aws: a bare stack trace and exit 1 before.
        Configuration conf = new Configuration();
        conf.set("fs.nojar.impl", "org.example.NoSuchFileSystem");

        Result reference = score(conf, "--ref", "nojar://b/ref.txt", "--hyp", hyp.toString());
        Result output =
                score(
                        conf,
                        "--ref",
                        ref.toString(),
                        "--hyp",
                        hyp.toString(),
                        "--output",
                        "nojar://b/scored");

        assertThat(reference.code).isEqualTo(2);
        assertThat(reference.err)
                .startsWith("score: --ref nojar://b/ref.txt: cannot open its file system: ")
                .contains("spark-submit --jars");
        assertThat(output.code).isEqualTo(2);
        assertThat(output.err).startsWith("score: --output nojar://b/scored: cannot open its file");
        assertThat(output.out).isEmpty();
    }

    @Test
    void anEmptyOutputFolderIsWrittenIntoWhereItIs() throws IOException {
        // --output . in a new folder: moving it aside left the shell in a deleted folder.
        Path out = Files.createDirectories(dir.resolve("made-ahead"));
        Object folder = Files.readAttributes(out, BasicFileAttributes.class).fileKey();

        Result scored =
                score("--ref", ref.toString(), "--hyp", hyp.toString(), "--output", out.toString());

        assertThat(scored.code).as(scored.err).isZero();
        assertThat(out.resolve("summary.json")).exists();
        assertThat(Files.readAttributes(out, BasicFileAttributes.class).fileKey())
                .isEqualTo(folder);
    }

    @Test
    void anUnexpectedFailureExitsThreeNamingItsCause() throws IOException {
        // Not an IOException: it escaped main, and the JVM exited 1 with a bare trace.
        Configuration conf = RefusingFileSystems.configuration(ThrowsOnOpen.class);
        String failing = RefusingFileSystems.uri(ThrowsOnOpen.class, hyp);

        Result result = score(conf, "--ref", ref.toString(), "--hyp", failing);

        assertThat(result.code).isEqualTo(3);
        assertThat(result.err)
                .endsWith("score: the job failed: IllegalStateException: the connector broke\n");
    }

    /** A file system whose reads fail with an unchecked exception, as some connectors' do. */
    public static final class ThrowsOnOpen extends RefusingFileSystems.Refusing {
        @Override
        public FSDataInputStream open(org.apache.hadoop.fs.Path f, int bufferSize) {
            throw new IllegalStateException("the connector broke");
        }
    }
}
