package org.wav2vec2spark.jobs;

import org.wav2vec2spark.data.HadoopFiles;
import org.wav2vec2spark.jobs.cli.OptionSpec;
import org.wav2vec2spark.jobs.cli.OptionTable;
import org.wav2vec2spark.jobs.cli.ParsedOptions;
import org.wav2vec2spark.jobs.cli.SharedOptions;
import org.wav2vec2spark.jobs.cli.SparkMasterUrl;

import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Parses the nightly job's command line. Its own options are {@code --history}, {@code --run},
 * {@code --commit} and {@code --accept}; everything else is an evaluate option and goes to {@link
 * EvaluateOptionsParser} (with {@code --run}, only {@code --config}, {@code --master} and {@code
 * --conf} make sense and the rest is refused, while the preset is still checked as the evaluate job
 * checks it). The preset named by {@code --config} also supplies the {@link NightlyPreset} keys.
 * When evaluating without {@code --output}, the run goes to {@code <history folder>/runs/<UTC
 * yyyyMMdd-HHmmss>}. Runs on the driver only.
 */
public final class NightlyOptionsParser {

    /** The nightly job's own options; all evaluate options are accepted as well. */
    public static final List<OptionSpec> OPTIONS =
            List.of(
                    new OptionSpec(
                            "history",
                            "URI",
                            null,
                            "run history, JSON lines (file:, hdfs:, s3a: ...); created if absent"),
                    new OptionSpec(
                            "run",
                            "URI",
                            "evaluate now",
                            "check a finished evaluate run's output folder instead of evaluating"),
                    new OptionSpec(
                            "commit",
                            "SHA",
                            "unknown",
                            "project git commit to record (jobs/nightly.sh passes git's)"),
                    new OptionSpec(
                            "accept",
                            null,
                            null,
                            "record this run as the new baseline even if it regressed or the old"
                                    + " baseline's folder changed; exit 0"),
                    SharedOptions.HELP);

    /** The nightly options, then the evaluate options, each once. */
    private static final Set<String> NAMES =
            Stream.concat(OPTIONS.stream(), EvaluateOptionsParser.OPTIONS.stream())
                    .map(OptionSpec::name)
                    .collect(Collectors.toCollection(LinkedHashSet::new));

    /** The evaluate options {@code --run} takes: those of the Spark session and the preset. */
    private static final Set<String> FINISHED_RUN_SESSION = Set.of("config", "master", "conf");

    private static final DateTimeFormatter RUN_FOLDER =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private NightlyOptionsParser() {}

    /** Where a run without --output goes, as --help says it. */
    private static final String NIGHTLY_OUTPUT_DEFAULT =
            "<history folder>/runs/<UTC yyyyMMdd-HHmmss>";

    private static final OptionTable TABLE =
            new OptionTable(
                    "nightly --history URI [--config FILE] [--run URI | evaluate options]\n\n"
                            + "Exit status: 0 nothing regressed, 1 a split regressed, 2 usage or"
                            + " input error.",
                    OPTIONS);

    /**
     * Parses the arguments.
     *
     * @throws IllegalArgumentException naming the mistake
     * @throws OptionTable.HelpRequested for {@code --help} or {@code -h}
     */
    public static NightlyOptions parse(String... args) {
        Map<String, String> own = new LinkedHashMap<>();
        List<String> rest = new ArrayList<>();
        separate(args, own, rest);
        String history = own.get("history");
        if (history == null || history.isBlank()) {
            throw new IllegalArgumentException("--history is required (see --help)");
        }
        // Named here: Hadoop's parser would say only "Relative path in absolute URI" later.
        HadoopFiles.pathOf("--history", history);
        String lastStep = history.substring(history.lastIndexOf('/') + 1);
        if (lastStep.isEmpty() || lastStep.equals(".") || lastStep.equals("..")) {
            // Its lock, <history>.lock, would be made inside it, turning it into a folder.
            throw new IllegalArgumentException(
                    "--history "
                            + history
                            + " names a folder: give the history file, one JSON line per night"
                            + " (such as history.jsonl in that folder)");
        }
        String config = valueOf(rest, "config");
        Properties preset = config == null ? new Properties() : NightlyPreset.load(Path.of(config));
        String runUri = own.get("run");
        if (runUri != null) {
            if (runUri.isBlank()) {
                throw new IllegalArgumentException(
                        "--run got an empty value; give one or leave the option out");
            }
            HadoopFiles.pathOf("--run", runUri);
        }
        Session session =
                runUri == null
                        ? forEvaluation(rest, history, preset)
                        : forFinishedRun(rest, config);
        return new NightlyOptions(
                history,
                runUri,
                session.evaluate(),
                own.getOrDefault("commit", "unknown"),
                own.containsKey("accept"),
                NightlyPreset.policy(
                        preset,
                        config == null ? "(no preset)" : config,
                        session.maxFailedFraction()),
                session.master(),
                Map.copyOf(session.sparkConf()));
    }

    /**
     * What the run takes besides the nightly job's own options: the evaluation to run (null with
     * {@code --run}), the Spark session's master and settings, and the failure allowance.
     */
    private record Session(
            EvaluateOptions evaluate,
            String master,
            Map<String, String> sparkConf,
            double maxFailedFraction) {}

    /**
     * Puts the nightly job's own options ({@code --history}, {@code --run}, {@code --commit},
     * {@code --accept}) into {@code own} and every other argument, in order, into {@code rest}.
     */
    private static void separate(String[] args, Map<String, String> own, List<String> rest) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            // -h is --help, as in the other jobs; other words without "--" are values.
            String name = arg.equals("-h") ? "help" : arg.startsWith("--") ? arg.substring(2) : "";
            int equals = name.indexOf('=');
            String inline = equals < 0 ? null : name.substring(equals + 1);
            name = equals < 0 ? name : name.substring(0, equals);
            switch (name) {
                case "help", "accept" -> {
                    // A flag with a value is refused, as OptionTable does: --accept=${ACCEPT} in a
                    // template must not accept every regression whatever ACCEPT says.
                    if (inline != null) {
                        throw new IllegalArgumentException(
                                "--" + name + " takes no value, got '" + inline + "'");
                    }
                    if (name.equals("help")) {
                        throw new OptionTable.HelpRequested();
                    }
                    own.put("accept", "true");
                }
                case "history", "run", "commit" -> {
                    String value;
                    if (inline != null) {
                        value = inline;
                    } else if (i + 1 >= args.length || isOption(args[i + 1])) {
                        throw new IllegalArgumentException(
                                "--"
                                        + name
                                        + " needs a value: "
                                        + (name.equals("commit") ? "SHA" : "URI"));
                    } else {
                        value = args[++i];
                    }
                    String earlier = own.put(name, value);
                    if (earlier != null) {
                        throw OptionTable.givenTwice(name, earlier, value);
                    }
                }
                default -> {
                    if (!name.isEmpty() && !NAMES.contains(name)) {
                        throw OptionTable.unknownOption(name, NAMES);
                    }
                    rest.add(arg);
                }
            }
        }
    }

    /** Without {@code --run}: the evaluate options, with the nightly default for the output. */
    private static Session forEvaluation(List<String> rest, String history, Properties preset) {
        if (valueOf(rest, "output") == null && !preset.containsKey("output")) {
            rest.add("--output");
            rest.add(defaultOutput(history));
        }
        EvaluateOptions evaluate = EvaluateOptionsParser.parse(rest.toArray(String[]::new));
        return new Session(
                evaluate, evaluate.master(), evaluate.sparkConf(), evaluate.maxFailedFraction());
    }

    /**
     * With {@code --run}: the preset is read by the evaluate job's parser, so that it is checked as
     * when evaluating (a fraction between 0 and 1, no unknown key), and its master and Spark
     * settings apply below the command line's, as they do without {@code --run}.
     */
    private static Session forFinishedRun(List<String> rest, String config) {
        EvaluateOptions fromPreset =
                config == null ? null : EvaluateOptionsParser.parse("--config", config);
        Map<String, String> sparkConf =
                new LinkedHashMap<>(fromPreset == null ? Map.of() : fromPreset.sparkConf());
        String master = sessionOptions(rest, sparkConf);
        if (master == null && fromPreset != null) {
            master = fromPreset.master();
        }
        return new Session(
                null, master, sparkConf, fromPreset == null ? 0 : fromPreset.maxFailedFraction());
    }

    /** Whether an argument is one of the nightly job's options, its own or the evaluate ones. */
    private static boolean isOption(String arg) {
        return arg.startsWith("--") && NAMES.contains(arg.substring(2).split("=", 2)[0]);
    }

    /** The {@code --help} text: the nightly options, then the evaluate options. */
    public static String usage() {
        // The evaluate job's rows, with the nightly job's own default for --output.
        List<OptionSpec> evaluate =
                EvaluateOptionsParser.OPTIONS.stream()
                        .map(
                                o ->
                                        o.name().equals("output")
                                                ? new OptionSpec(
                                                        o.name(),
                                                        o.valueName(),
                                                        NIGHTLY_OUTPUT_DEFAULT,
                                                        o.description())
                                                : o)
                        .toList();
        return TABLE.usage()
                + "\nEvaluate options (used when --run is not given):\n"
                + new OptionTable("", evaluate).rows();
    }

    private static String valueOf(List<String> args, String name) {
        String value = null;
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--" + name) && i + 1 < args.size()) {
                value = args.get(i + 1);
            } else if (args.get(i).startsWith("--" + name + "=")) {
                value = args.get(i).substring(name.length() + 3);
            }
        }
        return value;
    }

    private static String defaultOutput(String history) {
        org.apache.hadoop.fs.Path parent = new org.apache.hadoop.fs.Path(history).getParent();
        String stamp = ZonedDateTime.now(ZoneOffset.UTC).format(RUN_FOLDER);
        return new org.apache.hadoop.fs.Path(parent, "runs/" + stamp).toString();
    }

    /** With {@code --run}: keeps --config, --master and --conf; refuses evaluation options. */
    private static String sessionOptions(List<String> rest, Map<String, String> sparkConf) {
        for (String arg : rest) {
            if (arg.startsWith("--")
                    && !FINISHED_RUN_SESSION.contains(arg.substring(2).split("=", 2)[0])) {
                throw new IllegalArgumentException(
                        "With --run the nightly job checks a finished run and takes only --config,"
                                + " --master and --conf besides its own options; got '"
                                + arg
                                + "'");
            }
        }
        ParsedOptions parsed =
                new OptionTable("", sessionSpecs()).parse(rest.toArray(String[]::new));
        sparkConf.putAll(parsed.keyValues("conf"));
        String master = parsed.get("master");
        return master == null ? null : SparkMasterUrl.require("--master", master);
    }

    /** The evaluate options that set up the session, the only ones {@code --run} takes. */
    private static List<OptionSpec> sessionSpecs() {
        return EvaluateOptionsParser.OPTIONS.stream()
                .filter(o -> FINISHED_RUN_SESSION.contains(o.name()))
                .toList();
    }
}
