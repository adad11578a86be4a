package org.wav2vec2spark.jobs;

import org.wav2vec2spark.data.HadoopFiles;
import org.wav2vec2spark.jobs.cli.OptionSpec;
import org.wav2vec2spark.jobs.cli.OptionTable;
import org.wav2vec2spark.jobs.cli.ParsedOptions;
import org.wav2vec2spark.jobs.cli.SharedOptions;
import org.wav2vec2spark.metrics.CaseFolding;
import org.wav2vec2spark.report.ScoringMode;

import java.util.List;
import java.util.Objects;

/**
 * The score command's settings.
 *
 * @param referenceUri reference transcripts in Kaldi text format
 * @param hypothesisUri hypothesis transcripts in Kaldi text format
 * @param outputUri folder for {@code summary.json} and {@code utterances.tsv}, or {@code null}
 * @param overwrite replace an output folder that holds results
 * @param split the split name {@code summary.json} files the totals under
 * @param mode what a reference id without a hypothesis means
 * @param caseFolding applied to both transcripts before scoring
 */
public record ScoreOptions(
        String referenceUri,
        String hypothesisUri,
        String outputUri,
        boolean overwrite,
        String split,
        ScoringMode mode,
        CaseFolding caseFolding) {

    /** Every option the score command takes, with its default. */
    public static final List<OptionSpec> OPTIONS =
            List.of(
                    new OptionSpec("ref", "URI", null, "reference transcripts, Kaldi text format"),
                    new OptionSpec("hyp", "URI", null, "hypothesis transcripts, Kaldi text format"),
                    new OptionSpec(
                            "output",
                            "URI",
                            null,
                            "also write summary.json and utterances.tsv into this folder"),
                    new OptionSpec(
                            "overwrite",
                            null,
                            null,
                            "replace the --output folder of an earlier run (not one holding other"
                                    + " files)"),
                    new OptionSpec(
                            "split", "NAME", "all", "split name the totals get in summary.json"),
                    new OptionSpec(
                            "mode",
                            "all|present|strict",
                            "all",
                            "reference ids without a hypothesis: score as empty (all), leave out"
                                    + " (present) or fail (strict), as compute-wer's --mode"),
                    new OptionSpec(
                            "case-folding",
                            "none|upper",
                            "none",
                            "compare as written (none) or upper-case both first (upper), for"
                                    + " lower-case hypotheses against upper-case references"),
                    SharedOptions.HELP);

    private static final OptionTable TABLE =
            new OptionTable("score --ref URI --hyp URI [options]", OPTIONS);

    /**
     * Parses the command line.
     *
     * @throws IllegalArgumentException naming the mistake
     * @throws OptionTable.HelpRequested for {@code --help}
     */
    public static ScoreOptions parse(String... args) {
        ParsedOptions values = TABLE.parse(args);
        String output = values.optional("output");
        if (values.has("overwrite") && output == null) {
            // Without a folder there is nothing to replace; the user most likely lost --output.
            throw new IllegalArgumentException(
                    "--overwrite needs --output (the folder to replace)");
        }
        String reference = values.required("ref");
        String hypothesis = values.required("hyp");
        // Named here: Hadoop's parser would say only "Relative path in absolute URI" later.
        HadoopFiles.pathOf("--ref", reference);
        HadoopFiles.pathOf("--hyp", hypothesis);
        if (output != null) {
            HadoopFiles.pathOf("--output", output);
        }
        return new ScoreOptions(
                reference,
                hypothesis,
                output,
                values.has("overwrite"),
                Objects.requireNonNullElse(values.optional("split"), "all"),
                ScoringMode.parse(values.getOrDefault("mode", "all")),
                CaseFolding.fromJsonName(
                        values.oneOf("case-folding", "none", List.of("none", "upper"))));
    }

    /** The {@code --help} text. */
    public static String usage() {
        return TABLE.usage();
    }
}
