package org.wav2vec2spark.jobs.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a job runs on and writes to when neither the command line nor a preset says: the project's
 * bundled samples and bundled model, and a fresh folder under {@code runs/}, so that {@code
 * jobs/evaluate.sh --splits test-clean} runs the bundled samples as {@code jobs/evaluate.sh} alone
 * does.
 *
 * <p>The paths are in the project folder that {@code jobs/*.sh} name in {@value
 * #PROJECT_ROOT_VARIABLE}, so they hold from any working directory; without it (spark-submit
 * started by hand) they are in the working directory. A job takes them as {@code file:} URIs
 * ({@link #forJob}), since they are on the driver's disk even when {@code fs.defaultFS} names HDFS.
 * The bundled model is a toy trained on synthetic speech, so {@link #notice} says which defaults a
 * run took, for stderr. Driver only.
 */
public final class BundledDefaults {

    /** The environment variable in which {@code jobs/lib.sh} names the project folder. */
    public static final String PROJECT_ROOT_VARIABLE = "W2V_PROJECT_ROOT";

    /** The bundled LibriSpeech-layout samples, relative to the project folder. */
    public static final String SAMPLES = "data-samples/LibriSpeech";

    /** The bundled model directory, relative to the project folder. */
    public static final String MODEL = "data-samples/model";

    /** For a job's {@code --help}: where the default paths are. */
    public static final String HELP_NOTE =
            "Default paths are in the project folder, which jobs/*.sh set "
                    + PROJECT_ROOT_VARIABLE
                    + " to (without it, in the working directory); the job says on stderr which"
                    + " defaults it took.";

    /** Said of the bundled model when a run takes it, for whoever meant to give their own. */
    private static final String WHAT_THE_MODEL_IS =
            " (a toy trained on synthetic speech; give --model DIR for real data)";

    /** Masters whose executors may run on other machines; a mistyped one fails on its own. */
    private static final Pattern CLUSTER_MASTER = Pattern.compile("^(spark://|yarn$|k8s://)");

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path projectRoot;
    private final LocalDateTime now;

    /**
     * Defaults in one project folder at one time.
     *
     * @param projectRoot the project folder, or the empty path for the working directory
     * @param now the local time that names a fresh output folder
     */
    public BundledDefaults(Path projectRoot, LocalDateTime now) {
        this.projectRoot = projectRoot;
        this.now = now;
    }

    /** The defaults of this process: {@value #PROJECT_ROOT_VARIABLE}'s folder, the time now. */
    public static BundledDefaults fromEnvironment() {
        String root = System.getenv(PROJECT_ROOT_VARIABLE);
        return new BundledDefaults(
                Path.of(root == null || root.isBlank() ? "" : root), LocalDateTime.now());
    }

    /** The bundled samples' folder. */
    public String samples() {
        return inProject(SAMPLES);
    }

    /** The bundled model's directory. */
    public String model() {
        return inProject(MODEL);
    }

    /**
     * A fresh output folder for one run of a job.
     *
     * @param job the job's name, such as {@code evaluate}
     */
    public String runFolder(String job) {
        return inProject("runs/" + job + "-" + now.format(STAMP));
    }

    /**
     * A job's defaults, in the order to report them: its input option takes the bundled samples,
     * {@code model} the bundled model, {@code output} a fresh run folder; each as the absolute
     * {@link LocalFileUri}.
     *
     * @param job the job's name, such as {@code evaluate}
     * @param inputOption the name of the job's input option, such as {@code data}
     * @return option names and default values, for {@link ParsedOptions#orDefaults}
     */
    public Map<String, String> forJob(String job, String inputOption) {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put(inputOption, LocalFileUri.of(samples()));
        defaults.put("model", LocalFileUri.of(model()));
        defaults.put("output", LocalFileUri.of(runFolder(job)));
        return defaults;
    }

    /** The help text's default of {@link #runFolder} for a job. */
    public static String runFolderHelp(String job) {
        return "runs/" + job + "-<yyyyMMdd-HHmmss>";
    }

    /**
     * A path in the project folder, such as a benchmark's default workload folder.
     *
     * @param relative the path relative to the project folder
     */
    public String inProject(String relative) {
        return projectRoot.resolve(relative).toString();
    }

    /**
     * One stderr line per default a run took, saying what it is, so that a user who forgot {@code
     * --model} on real data sees that the bundled toy model is used.
     *
     * @param job the job's name, which leads each line as in its other messages
     * @param taken the options that took their default, with the values they took
     * @return the lines, each ending in a line break; empty when nothing was defaulted
     */
    public static String notice(String job, Map<String, String> taken) {
        StringBuilder lines = new StringBuilder();
        taken.forEach(
                (name, value) ->
                        lines.append(job)
                                .append(": no --")
                                .append(name)
                                .append(" given, taking ")
                                .append(what(name))
                                .append(' ')
                                .append(value)
                                .append(name.equals("model") ? WHAT_THE_MODEL_IS : "")
                                .append(System.lineSeparator()));
        return lines.toString();
    }

    /**
     * A stderr line for a run that took a default while its master may span several machines
     * ({@code spark://}, {@code yarn}, {@code k8s://}): the defaults are on the driver's disk,
     * which executors elsewhere do not see unless the project folder is at the same path on them.
     *
     * @param job the job's name, which leads the line
     * @param taken the options that took their default
     * @param master the master the run's session will have
     * @return the line, ending in a line break; empty when nothing was defaulted or the master is
     *     not one of a cluster
     */
    public static String clusterNotice(String job, Map<String, String> taken, String master) {
        if (taken.isEmpty() || !CLUSTER_MASTER.matcher(master).find()) {
            return "";
        }
        return job
                + ": the defaults taken above are on this machine's disk; executors of "
                + master
                + " on other machines read them only if the project folder is at the same path"
                + " there (give --"
                + String.join(", --", taken.keySet())
                + " otherwise)"
                + System.lineSeparator();
    }

    private static String what(String option) {
        return switch (option) {
            case "data", "input" -> "the bundled samples";
            case "model" -> "the bundled model";
            case "output" -> "a fresh output folder";
            default -> "its default";
        };
    }
}
