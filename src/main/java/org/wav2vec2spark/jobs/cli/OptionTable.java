package org.wav2vec2spark.jobs.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A job's command-line options and their {@code --help} text, shared by every job so that they all
 * read arguments the same way: {@code --name value} or {@code --name=value}, flags without a value,
 * options that may be repeated ({@code --conf}), and options whose value name ends in {@code ...},
 * which take every following argument up to the next option ({@code --input URI...}).
 *
 * <p>Mistakes are {@link IllegalArgumentException}s naming the option; {@code --help} throws {@link
 * HelpRequested}. This class runs on the driver only.
 */
public final class OptionTable {

    /** Thrown for {@code --help}: the caller prints {@link #usage()} and exits 0. */
    public static final class HelpRequested extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** For a {@code --help} found by a parser that reads some arguments itself. */
        public HelpRequested() {
            super("help requested");
        }
    }

    /**
     * spark-submit options that no job takes, for a hint when one reaches a job: jobs/lib.sh's long
     * options but --master and --conf, which the jobs read too (SparkSubmitOptionsTest).
     */
    static final Set<String> SPARK_SUBMIT_ONLY =
            Set.of(
                    "remote",
                    "deploy-mode",
                    "name",
                    "num-executors",
                    "executor-memory",
                    "executor-cores",
                    "total-executor-cores",
                    "driver-memory",
                    "driver-cores",
                    "driver-java-options",
                    "driver-class-path",
                    "driver-default-class-path",
                    "driver-library-path",
                    "jars",
                    "packages",
                    "exclude-packages",
                    "repositories",
                    "files",
                    "archives",
                    "py-files",
                    "properties-file",
                    "extra-properties-file",
                    "queue",
                    "principal",
                    "keytab",
                    "proxy-user",
                    "supervise",
                    "verbose",
                    "load-spark-defaults");

    private final String synopsis;
    private final List<OptionSpec> options;

    /**
     * A table for one job; each job's options parser builds its own.
     *
     * @param synopsis the usage line after {@code Usage: }, e.g. {@code evaluate --data URI ...}
     * @param options every option, in the order {@code --help} lists them
     */
    public OptionTable(String synopsis, List<OptionSpec> options) {
        this.synopsis = synopsis;
        this.options = List.copyOf(options);
    }

    /** The whole {@code --help} text. */
    public String usage() {
        return "Usage: " + synopsis + "\n\nOptions:\n" + rows();
    }

    /** One line per option with its value, description and default. */
    public String rows() {
        StringBuilder out = new StringBuilder();
        for (OptionSpec option : options) {
            String left = "--" + option.name() + (option.isFlag() ? "" : " " + option.valueName());
            out.append(
                    String.format(
                            Locale.ROOT,
                            "  %-32s %s%s%n",
                            left,
                            option.description(),
                            option.defaultValue() == null
                                    ? ""
                                    : " (default: " + option.defaultValue() + ")"));
        }
        return out.toString();
    }

    /**
     * Reads the arguments.
     *
     * @throws IllegalArgumentException for an unknown option, a missing or unexpected value
     * @throws HelpRequested for {@code --help}
     */
    public ParsedOptions parse(String... args) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") && hasHelp()) {
                throw new HelpRequested();
            }
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException(
                        "Unexpected argument '" + arg + "'; options start with --");
            }
            String name = arg.substring(2);
            String value = null;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            OptionSpec spec = spec(name);
            List<String> given = values.computeIfAbsent(name, n -> new ArrayList<>());
            if (spec.isFlag()) {
                if (value != null) {
                    throw new IllegalArgumentException(
                            "--" + name + " takes no value, got '" + value + "'");
                }
                if (name.equals("help")) {
                    throw new HelpRequested();
                }
                given.add("true");
            } else if (spec.valueName().endsWith("...")) {
                // Each occurrence needs a value of its own: `--input /a --input --model M` (an
                // empty shell variable) is refused, not read as `--input /a`.
                int before = given.size();
                if (value != null) {
                    given.add(value);
                }
                while (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                    given.add(args[++i]);
                }
                if (given.size() == before) {
                    throw new IllegalArgumentException(
                            "--" + name + " needs a value: " + spec.valueName());
                }
            } else {
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(
                                "--" + name + " needs a value: " + spec.valueName());
                    }
                    if (isOption(args[i + 1])) {
                        // `--data --output o` (an empty shell variable): the next option is no
                        // value, and taking it as one would make its own value "unexpected".
                        throw new IllegalArgumentException(
                                "--"
                                        + name
                                        + " needs a value: "
                                        + spec.valueName()
                                        + ", got the option "
                                        + args[i + 1]
                                        + nearMissHint(args[i + 1]));
                    }
                    value = args[++i];
                }
                if (!given.isEmpty() && !spec.repeatable()) {
                    // Keeping the last would drop the first without a word: `--splits test-clean
                    // --splits test-other` would evaluate test-other alone.
                    throw givenTwice(name, given.get(0), value);
                }
                given.add(value);
            }
        }
        return new ParsedOptions(values);
    }

    /**
     * Whether an argument is one of this table's options ({@code --name} or {@code --name=v}), or a
     * near miss of one ({@code --split} for {@code --splits}), which was meant as an option too.
     */
    private boolean isOption(String arg) {
        if (!arg.startsWith("--")) {
            return false;
        }
        String name = arg.substring(2).split("=", 2)[0];
        List<String> names = options.stream().map(OptionSpec::name).toList();
        return names.contains(name) || ClosestOption.to(name, names).isPresent();
    }

    /** For an argument that is a near miss of an option, which option was meant; else empty. */
    private String nearMissHint(String arg) {
        String name = arg.substring(2).split("=", 2)[0];
        List<String> names = options.stream().map(OptionSpec::name).toList();
        return names.contains(name) ? "" : hint(name, names);
    }

    private boolean hasHelp() {
        return options.stream().anyMatch(o -> o.name().equals("help"));
    }

    private OptionSpec spec(String name) {
        return options.stream()
                .filter(o -> o.name().equals(name))
                .findFirst()
                .orElseThrow(
                        () -> unknownOption(name, options.stream().map(OptionSpec::name).toList()));
    }

    /**
     * The error for an option that takes one value given a second time, for parsers that read
     * arguments themselves too.
     *
     * @param name the option, without dashes
     * @param first its first value
     * @param second the value given again
     */
    public static IllegalArgumentException givenTwice(String name, String first, String second) {
        return new IllegalArgumentException(
                "--"
                        + name
                        + " is given twice ('"
                        + first
                        + "', then '"
                        + second
                        + "'); give it once");
    }

    /**
     * The error for an option no table holds, listing the valid ones and, when one of them is
     * clearly what was meant ({@link ClosestOption}), asking whether it was; also for parsers that
     * read arguments themselves, so that every job words it the same.
     *
     * @param name the option given, without dashes
     * @param validNames the options the command takes, in the order to list them
     */
    public static IllegalArgumentException unknownOption(
            String name, Collection<String> validNames) {
        return new IllegalArgumentException(
                "Unknown option --"
                        + name
                        + hint(name, validNames)
                        + "; valid options: "
                        + validNames.stream().map(n -> "--" + n).collect(Collectors.joining(", ")));
    }

    /**
     * Where a spark-submit option given to the job itself belongs (the launcher runs Spark embedded
     * when SPARK_HOME is unset); else, after a near miss such as {@code --split}, the option meant,
     * or nothing when none is close. A spark-submit option is never a near miss: it was meant.
     */
    private static String hint(String name, Collection<String> validNames) {
        if (SPARK_SUBMIT_ONLY.contains(name)) {
            return " (a spark-submit option: with SPARK_HOME set, jobs/*.sh pass it to"
                    + " spark-submit; without it the job runs on an embedded local Spark, where"
                    + " --conf sets Spark properties)";
        }
        return ClosestOption.to(name, validNames)
                .map(closest -> " (did you mean --" + closest + "?)")
                .orElse("");
    }
}
