package org.wav2vec2spark.jobs;

import org.wav2vec2spark.report.ScoringMode;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The score command's settings.
 *
 * @param referenceUri reference transcripts in Kaldi text format
 * @param hypothesisUri hypothesis transcripts in Kaldi text format
 * @param outputUri folder for {@code summary.json} and {@code utterances.tsv}, or {@code null}
 * @param split the split name {@code summary.json} files the totals under
 * @param mode what a reference id without a hypothesis means
 */
public record ScoreOptions(
        String referenceUri,
        String hypothesisUri,
        String outputUri,
        String split,
        ScoringMode mode) {

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
                            "split", "NAME", "all", "split name the totals get in summary.json"),
                    new OptionSpec(
                            "mode",
                            "all|present|strict",
                            "all",
                            "reference ids without a hypothesis: score as empty (all), leave out"
                                    + " (present) or fail (strict), as compute-wer's --mode"),
                    new OptionSpec("help", null, null, "print this help"));

    /**
     * Parses the command line.
     *
     * @throws IllegalArgumentException naming the mistake
     * @throws EvaluateOptionsParser.HelpRequested for {@code --help}
     */
    public static ScoreOptions parse(String... args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.startsWith("--") ? arg.substring(2) : null;
            OptionSpec spec =
                    OPTIONS.stream()
                            .filter(o -> o.name().equals(name))
                            .findFirst()
                            .orElseThrow(
                                    () ->
                                            new IllegalArgumentException(
                                                    "Unknown argument '"
                                                            + arg
                                                            + "'; valid options: "
                                                            + OPTIONS.stream()
                                                                    .map(o -> "--" + o.name())
                                                                    .collect(
                                                                            Collectors.joining(
                                                                                    ", "))));
            if (spec.isFlag()) {
                throw new EvaluateOptionsParser.HelpRequested();
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(
                        "--" + name + " needs a value: " + spec.valueName());
            }
            values.put(name, args[++i]);
        }
        for (String required : List.of("ref", "hyp")) {
            if (!values.containsKey(required)) {
                throw new IllegalArgumentException("--" + required + " is required (see --help)");
            }
        }
        return new ScoreOptions(
                values.get("ref"),
                values.get("hyp"),
                values.get("output"),
                values.getOrDefault("split", "all"),
                ScoringMode.parse(values.getOrDefault("mode", "all")));
    }

    /** The {@code --help} text. */
    public static String usage() {
        StringBuilder out =
                new StringBuilder("Usage: score --ref URI --hyp URI [options]\n\nOptions:\n");
        for (OptionSpec option : OPTIONS) {
            String left = "--" + option.name() + (option.isFlag() ? "" : " " + option.valueName());
            out.append(
                    String.format(
                            "  %-32s %s%s%n",
                            left,
                            option.description(),
                            option.defaultValue() == null
                                    ? ""
                                    : " (default: " + option.defaultValue() + ")"));
        }
        return out.toString();
    }
}
