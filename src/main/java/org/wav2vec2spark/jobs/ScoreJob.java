package org.wav2vec2spark.jobs;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.wav2vec2spark.data.HadoopFiles;
import org.wav2vec2spark.data.KaldiTextReader;
import org.wav2vec2spark.jobs.cli.OptionTable;
import org.wav2vec2spark.jobs.output.ExistingOutput;
import org.wav2vec2spark.jobs.output.OutputLock;
import org.wav2vec2spark.jobs.output.OutputReplacement;
import org.wav2vec2spark.jobs.output.OutputWriteException;
import org.wav2vec2spark.jobs.output.ResultsLocation;
import org.wav2vec2spark.jobs.output.RunFolder;
import org.wav2vec2spark.metrics.CaseFolding;
import org.wav2vec2spark.report.ComputeWerTable;
import org.wav2vec2spark.report.RunSummary;
import org.wav2vec2spark.report.ScoredTranscript;
import org.wav2vec2spark.report.ScoringMode;
import org.wav2vec2spark.report.SplitSummary;
import org.wav2vec2spark.report.TranscriptComparison;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The score command: WER of existing transcripts in Kaldi text format, so that any system's output
 * can be compared with this project's runs by the same scorer. Prints {@code compute-wer}'s three
 * lines, a {@code %CER} line and the ids present in only one file; with {@code --output} also
 * writes {@code summary.json} (the evaluate job's shape) and {@code utterances.tsv}. An output
 * folder that holds results is refused unless {@code --overwrite}, and replaced only once the
 * transcripts have been scored, as the evaluate job does ({@link ExistingOutput}, {@link
 * OutputReplacement}).
 *
 * <p>No Spark session: the files are read through Hadoop's file systems on the local JVM.
 */
public final class ScoreJob {

    private ScoreJob() {}

    /** Command-line entry point for {@code jobs/score.sh}. */
    public static void main(String[] args) {
        System.exit(run(new Configuration(), System.out, System.err, args));
    }

    /**
     * Parses, scores and reports.
     *
     * @return the exit code: 0 scored, 2 usage error, input that cannot be scored or an output
     *     folder that holds results without {@code --overwrite}, 3 an output that could not be
     *     written or that another job is writing, or any other failure
     */
    public static int run(Configuration conf, PrintStream out, PrintStream err, String... args) {
        ScoreOptions options;
        try {
            options = ScoreOptions.parse(args);
        } catch (OptionTable.HelpRequested e) {
            out.print(ScoreOptions.usage());
            return ExitCode.OK;
        } catch (IllegalArgumentException e) {
            err.println("score: " + e.getMessage());
            return ExitCode.USAGE;
        }
        try {
            requireFileSystems(conf, options);
        } catch (IOException e) {
            err.println("score: " + e.getMessage());
            return ExitCode.USAGE;
        }
        // Before the folder is looked at, as evaluate does: a second score on the same --output
        // would take this one's half-written folder for a killed run's and replace it.
        try (OutputLock lock =
                options.outputUri() == null
                        ? null
                        : OutputLock.acquireBeside(conf, options.outputUri())) {
            Instant started = Instant.now();
            // Before reading anything, so that a refused folder costs no scoring.
            boolean replaceOutput =
                    options.outputUri() != null
                            && ExistingOutput.toReplace(
                                    conf, options.outputUri(), options.overwrite());
            if (replaceOutput) {
                ExistingOutput.requireInputsOutside(
                        conf, options.outputUri(), "--ref", List.of(options.referenceUri()));
                ExistingOutput.requireInputsOutside(
                        conf, options.outputUri(), "--hyp", List.of(options.hypothesisUri()));
            }
            Map<String, String> references = KaldiTextReader.read(conf, options.referenceUri());
            // Read once, scored and hashed: a pipe (--hyp <(...)) gives its bytes only once.
            byte[] hypothesisBytes = HadoopFiles.readAllBytes(conf, options.hypothesisUri());
            Map<String, String> hypotheses =
                    KaldiTextReader.read(options.hypothesisUri(), hypothesisBytes);
            TranscriptComparison comparison = compared(options, references, hypotheses);
            report(comparison, out);
            if (options.caseFolding() == CaseFolding.UPPER) {
                out.println(
                        "case folded (--case-folding upper): hypotheses and references were"
                                + " upper-cased before scoring");
            }
            if (options.outputUri() != null) {
                String hypothesisSha256 = HadoopFiles.sha256(hypothesisBytes);
                writeOutputs(
                        conf,
                        options,
                        comparison,
                        hypotheses,
                        hypothesisSha256,
                        started,
                        replaceOutput,
                        lock);
                out.println("Results: " + ResultsLocation.absolute(conf, options.outputUri()));
            }
            return ExitCode.OK;
        } catch (OutputWriteException e) { // a failure of the run, not of its command or input
            err.println("score: " + e.getMessage());
            return ExitCode.FAILED;
        } catch (IOException | IllegalArgumentException e) {
            err.println("score: " + e.getMessage());
            return ExitCode.USAGE;
        } catch (RuntimeException | Error e) {
            // A file system's own exception, an OutOfMemoryError: escaping, it made the JVM exit
            // with 1 and a bare trace, a status the README gives score no meaning for.
            e.printStackTrace(err);
            err.println("score: the job failed: " + JobFailure.describe(e));
            return ExitCode.FAILED;
        }
    }

    /**
     * Opens the file system of each location given, so that a connector missing from the classpath
     * or a mistyped host is named with its option, not met later as a bare exception.
     */
    private static void requireFileSystems(Configuration conf, ScoreOptions options)
            throws IOException {
        HadoopFiles.fileSystemOf(conf, "--ref", options.referenceUri());
        HadoopFiles.fileSystemOf(conf, "--hyp", options.hypothesisUri());
        if (options.outputUri() != null) {
            HadoopFiles.fileSystemOf(conf, "--output", options.outputUri());
        }
    }

    /** Scores the two files, a refusal by {@code --mode} naming both of them. */
    private static TranscriptComparison compared(
            ScoreOptions options, Map<String, String> references, Map<String, String> hypotheses) {
        try {
            return TranscriptComparison.score(
                    references, hypotheses, options.mode(), options.caseFolding());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "--ref "
                            + options.referenceUri()
                            + " against --hyp "
                            + options.hypothesisUri()
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }

    private static void report(TranscriptComparison comparison, PrintStream out) {
        comparison.computeWerLines().forEach(out::println);
        out.println(ComputeWerTable.line("CER", comparison.characters()));
        if (!comparison.referenceOnly().isEmpty()) {
            out.printf(
                    Locale.ROOT,
                    "%d id(s) only in ref (%s): %s%n",
                    comparison.referenceOnly().size(),
                    comparison.mode() == ScoringMode.ALL
                            ? "scored as empty hypotheses"
                            : "not scored",
                    TranscriptComparison.abbreviatedList(comparison.referenceOnly()));
        }
        if (!comparison.hypothesisOnly().isEmpty()) {
            out.printf(
                    Locale.ROOT,
                    "%d id(s) only in hyp (not scored): %s%n",
                    comparison.hypothesisOnly().size(),
                    TranscriptComparison.abbreviatedList(comparison.hypothesisOnly()));
        }
    }

    private static void writeOutputs(
            Configuration conf,
            ScoreOptions options,
            TranscriptComparison comparison,
            Map<String, String> hypotheses,
            String hypothesisSha256,
            Instant started,
            boolean replaceOutput,
            OutputLock lock)
            throws IOException {
        RunSummary summary = summary(options, comparison, hypothesisSha256, started);
        // A lock lost while scoring (taken over as stale) means another job owns the folder now.
        lock.requireHeld(options.outputUri());
        // Only now that the transcripts are scored: bad input keeps the earlier output, and so
        // does a write that fails from here on.
        OutputReplacement.writeReplacing(
                conf,
                options.outputUri(),
                replaceOutput,
                () -> {
                    String base = new Path(options.outputUri()).toString();
                    HadoopFiles.writeAtomically(
                            conf,
                            base + "/" + RunFolder.UTTERANCES_TSV,
                            utterancesTable(comparison, hypotheses)
                                    .getBytes(StandardCharsets.UTF_8));
                    // summary.json last: it marks a finished run for ExistingOutput.
                    RunFolder.writeSummary(conf, base, summary);
                    return null;
                });
    }

    private static RunSummary summary(
            ScoreOptions options,
            TranscriptComparison comparison,
            String hypothesisSha256,
            Instant started) {
        long notScored = comparison.utterances().size() - comparison.scoredSentences();
        SplitSummary split =
                new SplitSummary(
                        options.split(),
                        comparison.utterances().size(),
                        notScored,
                        0,
                        comparison.words(),
                        comparison.characters());
        Map<String, SplitSummary> splits = new TreeMap<>(Map.of(options.split(), split));
        List<RunSummary.FailedUtterance> failures = new ArrayList<>();
        for (ScoredTranscript u : comparison.utterances()) {
            if (!u.scored() && failures.size() < RunSummary.MAX_LISTED_FAILURES) {
                failures.add(
                        new RunSummary.FailedUtterance(
                                options.split(),
                                u.id(),
                                "no hypothesis in " + options.hypothesisUri()));
            }
        }
        // The "model" of a scored file is the file itself: its checksum identifies the transcripts.
        RunSummary.ModelInfo model =
                new RunSummary.ModelInfo(
                        new Path(options.hypothesisUri()).getName(),
                        options.hypothesisUri(),
                        hypothesisSha256,
                        "transcripts");
        double wall = (Instant.now().toEpochMilli() - started.toEpochMilli()) / 1000.0;
        RunSummary.RunInfo run =
                new RunSummary.RunInfo(
                        started.toString(), "none", 0, wall, 0, 0, 0, 0, 0, options.caseFolding());
        return new RunSummary(splits, model, run, failures);
    }

    /**
     * One row per reference utterance, then one per hypothesis-only id with its text.
     *
     * @param hypotheses every hypothesis by id, for the texts of the hypothesis-only ids
     */
    static String utterancesTable(TranscriptComparison comparison, Map<String, String> hypotheses) {
        StringBuilder out =
                new StringBuilder(
                        "id\tstatus\treference_words\tsubstitutions\tdeletions\tinsertions"
                                + "\treference_characters\tcharacter_errors\treference"
                                + "\thypothesis\n");
        for (ScoredTranscript u : comparison.utterances()) {
            String status =
                    u.hasHypothesis() ? "scored" : u.scored() ? "no_hyp_scored_empty" : "no_hyp";
            out.append(u.id())
                    .append('\t')
                    .append(status)
                    .append('\t')
                    .append(u.score().words().referenceLength())
                    .append('\t')
                    .append(u.score().words().substitutions())
                    .append('\t')
                    .append(u.score().words().deletions())
                    .append('\t')
                    .append(u.score().words().insertions())
                    .append('\t')
                    .append(u.score().chars().referenceLength())
                    .append('\t')
                    .append(u.score().chars().errors())
                    .append('\t')
                    .append(cell(u.reference()))
                    .append('\t')
                    .append(cell(u.hypothesis()))
                    .append('\n');
        }
        for (String id : comparison.hypothesisOnly()) {
            out.append(id)
                    .append("\tno_ref\t\t\t\t\t\t\t\t")
                    .append(cell(hypotheses.get(id)))
                    .append('\n');
        }
        return out.toString();
    }

    private static String cell(String text) {
        return text == null ? "" : text.replace('\t', ' ');
    }
}
