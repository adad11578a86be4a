package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.wav2vec2spark.jobs.cli.BundledDefaults;
import org.wav2vec2spark.jobs.cli.OptionSpec;
import org.wav2vec2spark.jobs.cli.OptionTable;
import org.wav2vec2spark.jobs.cli.WholeNumberCases;
import org.wav2vec2spark.jobs.executor.ModelLocation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.stream.Stream;

class EvaluateOptionsParserTest {
    private static final String[] REQUIRED = {"--data", "d", "--model", "m", "--output", "o"};

    @Test
    void appliesDefaults() {
        EvaluateOptions options = EvaluateOptionsParser.parse(REQUIRED);

        assertThat(options.dataUri()).isEqualTo("d");
        assertThat(options.modelUri()).isEqualTo("m");
        assertThat(options.outputUri()).isEqualTo("o");
        assertThat(options.splits()).isEmpty();
        assertThat(options.master()).isNull();
        assertThat(options.maxFailedFraction()).isZero();
        assertThat(options.batchSamples()).isZero();
        assertThat(options.lengthBucketSeconds()).isEqualTo(EvaluateOptions.AUTO_LENGTH_BUCKET);
        assertThat(options.partitions()).isZero();
        assertThat(options.device()).isEqualTo("auto");
        assertThat(options.overwrite()).isFalse();
        assertThat(options.sparkConf()).isEmpty();
    }

    @Test
    void readsEveryOptionInBothForms() {
        EvaluateOptions options =
                EvaluateOptionsParser.parse(
                        "--data=d",
                        "--model",
                        "m",
                        "--output",
                        "o",
                        "--splits",
                        "test-clean, test-other",
                        "--master",
                        "local[2]",
                        "--max-failed-fraction",
                        "0.25",
                        "--batch-samples=16000",
                        "--length-bucket-seconds",
                        "0.5",
                        "--partitions",
                        "3",
                        "--device",
                        "cpu",
                        "--torch-threads",
                        "2",
                        "--overwrite",
                        "--conf",
                        "spark.a=1",
                        "--conf",
                        "spark.b=x=y");

        assertThat(options.splits()).containsExactly("test-clean", "test-other");
        assertThat(options.master()).isEqualTo("local[2]");
        assertThat(options.maxFailedFraction()).isEqualTo(0.25);
        assertThat(options.batchSamples()).isEqualTo(16_000);
        assertThat(options.lengthBucketSeconds()).isEqualTo(0.5);
        assertThat(options.partitions()).isEqualTo(3);
        assertThat(options.device()).isEqualTo("cpu");
        assertThat(options.torchThreads()).isEqualTo(2);
        assertThat(options.overwrite()).isTrue();
        assertThat(options.sparkConf()).isEqualTo(Map.of("spark.a", "1", "spark.b", "x=y"));
    }

    /** The bundled defaults of a project in /project, at 09:05:07 on 30 November 2026. */
    private static final BundledDefaults PROJECT_DEFAULTS =
            new BundledDefaults(Path.of("/project"), LocalDateTime.of(2026, 11, 30, 9, 5, 7));

    @Test
    void eachLeftOutPathOptionTakesItsBundledDefaultOnItsOwn() {
        EvaluateOptions none =
                EvaluateOptionsParser.parse(PROJECT_DEFAULTS, "--splits", "test-clean");
        EvaluateOptions dataGiven =
                EvaluateOptionsParser.parse(
                        PROJECT_DEFAULTS, "--data", "d", "--batch-samples", "960000");
        EvaluateOptions modelGivenWithEquals =
                EvaluateOptionsParser.parse(PROJECT_DEFAULTS, "--model=m", "--output=o");

        assertThat(none.dataUri()).isEqualTo("file:/project/data-samples/LibriSpeech");
        assertThat(none.modelUri()).isEqualTo("file:/project/data-samples/model");
        assertThat(none.outputUri()).isEqualTo("file:/project/runs/evaluate-20261130-090507");
        assertThat(none.splits()).containsExactly("test-clean");
        assertThat(none.defaultsTaken())
                .containsExactly(
                        Map.entry("data", "file:/project/data-samples/LibriSpeech"),
                        Map.entry("model", "file:/project/data-samples/model"),
                        Map.entry("output", "file:/project/runs/evaluate-20261130-090507"));
        assertThat(dataGiven.dataUri()).isEqualTo("d");
        assertThat(dataGiven.batchSamples()).isEqualTo(960_000);
        assertThat(dataGiven.defaultsTaken()).containsOnlyKeys("model", "output");
        assertThat(modelGivenWithEquals.modelUri()).isEqualTo("m");
        assertThat(modelGivenWithEquals.outputUri()).isEqualTo("o");
        assertThat(modelGivenWithEquals.defaultsTaken())
                .containsExactly(Map.entry("data", "file:/project/data-samples/LibriSpeech"));
    }

    @Test
    void aPresetsPathsWinOverTheBundledDefaults(@TempDir Path dir) throws IOException {
        Path preset = dir.resolve("preset.properties");
        Files.writeString(preset, "data = corpus\nmodel = models/large\n");

        EvaluateOptions options =
                EvaluateOptionsParser.parse(PROJECT_DEFAULTS, "--config", preset.toString());

        assertThat(options.dataUri()).isEqualTo("file:" + dir.resolve("corpus"));
        assertThat(options.modelUri()).isEqualTo("file:" + dir.resolve("models/large"));
        assertThat(options.defaultsTaken())
                .containsExactly(
                        Map.entry("output", "file:/project/runs/evaluate-20261130-090507"));
    }

    @Test
    void theBundledSamplesPresetFindsTheSamplesFromAnyWorkingDirectory() {
        Path preset = Path.of("conf/samples.properties").toAbsolutePath();

        EvaluateOptions options = EvaluateOptionsParser.parse("--config", preset.toString());

        Path project = preset.getParent().getParent();
        assertThat(options.dataUri())
                .isEqualTo("file:" + project.resolve("data-samples/LibriSpeech"));
        assertThat(options.modelUri()).isEqualTo("file:" + project.resolve("data-samples/model"));
        assertThat(ModelLocation.localPath(options.dataUri())).isDirectory();
        assertThat(ModelLocation.localPath(options.modelUri()).resolve("model.json"))
                .isRegularFile();
    }

    @Test
    void givingEverythingTakesNoDefault() {
        assertThat(EvaluateOptionsParser.parse(PROJECT_DEFAULTS, REQUIRED).defaultsTaken())
                .isEmpty();
    }

    @Test
    void commandLineWinsOverPresetWhichWinsOverDefaults(@TempDir Path dir) throws IOException {
        Path preset = dir.resolve("preset.properties");
        Files.writeString(
                preset,
                "# a preset\n"
                        + "splits = test-clean,test-other\n"
                        + "batch-samples = 32000\n"
                        + "data = from-preset\n");

        EvaluateOptions options =
                EvaluateOptionsParser.parse(
                        "--config",
                        preset.toString(),
                        "--model",
                        "m",
                        "--output",
                        "o",
                        "--batch-samples",
                        "48000");

        assertThat(options.dataUri()).isEqualTo("file:" + dir.resolve("from-preset"));
        assertThat(options.splits()).containsExactly("test-clean", "test-other");
        assertThat(options.batchSamples()).isEqualTo(48_000);
    }

    @Test
    void optionsCheckedOnceTheModelIsKnownAreNamedByWhereTheirValueCameFrom(@TempDir Path dir)
            throws IOException {
        Path preset = dir.resolve("preset.properties");
        Files.writeString(preset, "length-bucket-seconds = 2\nbatch-samples = 16000\n");

        EvaluateOptions options =
                EvaluateOptionsParser.parse(
                        PROJECT_DEFAULTS, "--config", preset.toString(), "--batch-samples", "8000");

        assertThat(options.nameOf("length-bucket-seconds"))
                .isEqualTo(preset + ": length-bucket-seconds");
        assertThat(options.nameOf("batch-samples")).isEqualTo("--batch-samples");
    }

    @Test
    void aBadPresetValueIsNamedByItsFileAndKeyAndACommandLineOneByItsOption(@TempDir Path dir)
            throws IOException {
        Path preset = dir.resolve("preset.properties");
        Files.writeString(preset, "batch-samples = 32k\nmax-failed-fraction = 2\nsplits = ,\n");
        String[] required = {
            "--config", preset.toString(), "--data", "d", "--model", "m", "--output", "o"
        };

        String[] fractionFixed = joined(required, "--max-failed-fraction", "0");
        String[] batchFixed = joined(fractionFixed, "--batch-samples", "0");

        assertThatThrownBy(() -> EvaluateOptionsParser.parse(required))
                .hasMessage(preset + ": max-failed-fraction must be between 0 and 1, got 2.0");
        assertThatThrownBy(() -> EvaluateOptionsParser.parse(fractionFixed))
                .hasMessage(preset + ": batch-samples expects a whole number, got '32k'");
        assertThatThrownBy(
                        () ->
                                EvaluateOptionsParser.parse(
                                        joined(fractionFixed, "--batch-samples", "32x")))
                .hasMessage("--batch-samples expects a whole number, got '32x'");
        assertThatThrownBy(() -> EvaluateOptionsParser.parse(batchFixed))
                .hasMessageStartingWith(preset + ": splits names no split");
        Files.writeString(preset, "device = tpu\n");
        assertThatThrownBy(() -> EvaluateOptionsParser.parse(required))
                .hasMessageStartingWith(preset + ": device must be ");
    }

    @Test
    void aBlankPresetLineIsNamedByItsFileAndKey(@TempDir Path dir) throws IOException {
        Path preset = dir.resolve("preset.properties");
        Files.writeString(preset, "data = d\nmodel =\n");

        assertThatThrownBy(() -> EvaluateOptionsParser.parse("--config", preset.toString()))
                .hasMessage(preset + ": model is required, got an empty value");
    }

    @ParameterizedTest(name = "overwrite = {0}")
    @CsvSource({"true, true", "false, false"})
    void aPresetSetsOverwriteWithTrueOrFalse(String value, boolean expected, @TempDir Path dir)
            throws IOException {
        Path preset = dir.resolve("preset.properties");
        Files.writeString(preset, "overwrite = " + value + "\n");

        assertThat(EvaluateOptionsParser.parse("--config", preset.toString()).overwrite())
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "overwrite = {0}")
    @CsvSource({"yes", "on", "1", "TRUE"})
    void aPresetsOverwriteOtherThanTrueOrFalseIsNamed(String value, @TempDir Path dir)
            throws IOException {
        // Boolean.parseBoolean read yes, on and 1 as false: a run meant to replace its output
        // refused to. TRUE is refused too, so that a preset's value means what the option does.
        Path preset = dir.resolve("preset.properties");
        Files.writeString(preset, "overwrite = " + value + "\n");

        assertThatThrownBy(() -> EvaluateOptionsParser.parse("--config", preset.toString()))
                .hasMessage(preset + ": overwrite must be true or false, got '" + value + "'");
    }

    private static String[] joined(String[] first, String... more) {
        String[] args = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, args, first.length, more.length);
        return args;
    }

    @Test
    void missingPresetSaysSo(@TempDir Path dir) {
        Path preset = dir.resolve("nowhere.properties");

        assertThatThrownBy(() -> EvaluateOptionsParser.parse("--config", preset.toString()))
                .hasMessage("Cannot read preset --config " + preset + ": no such file");
        assertThatThrownBy(() -> EvaluateOptionsParser.parse("--config", dir.toString()))
                .hasMessage("Cannot read preset --config " + dir + ": not a regular file");
    }

    @Test
    void presetWithUnknownKeyNamesIt(@TempDir Path dir) throws IOException {
        Path preset = dir.resolve("bad.properties");
        Files.writeString(preset, "split = test-clean\n");

        assertThatThrownBy(() -> EvaluateOptionsParser.parse("--config", preset.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Preset "
                                + preset
                                + " has unknown key 'split'; keys are option names such as data,"
                                + " model, splits");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--max-failed-fraction 2     | --max-failed-fraction must be between 0 and 1, got"
                        + " 2.0",
                "--max-failed-fraction x     | --max-failed-fraction expects a number, got 'x'",
                "--batch-samples -1          | --batch-samples must be >= 0, got -1",
                "--partitions -1             | --partitions must be from 0 to 2147483647, got -1",
                "--length-bucket-seconds -1  | --length-bucket-seconds expects auto or a number >="
                        + " 0, got '-1'",
                "--length-bucket-seconds x   | --length-bucket-seconds expects auto or a number >="
                        + " 0, got 'x'",
                "--splits ,                  | --splits names no split, got ','; leave it out to"
                        + " evaluate every split",
                "--device tpu                | --device must be auto, cpu or gpu, got 'tpu'",
                "--conf novalue              | --conf expects KEY=VALUE, got 'novalue'",
                "--overwrite=yes             | --overwrite takes no value, got 'yes'",
                "stray                       | Unexpected argument 'stray'; options start with --",
            })
    void rejectsBadValuesNamingTheOption(String extra, String message) {
        String[] args = concat(REQUIRED, extra.split(" "));

        assertThatThrownBy(() -> EvaluateOptionsParser.parse(args))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    /** Every option held in an {@code int}, with every value out of its range. */
    static Stream<Arguments> countsOutOfRange() {
        return WholeNumberCases.refusedAsCount("partitions", "torch-threads");
    }

    @ParameterizedTest(name = "--{0} {1}")
    @MethodSource("countsOutOfRange")
    void refusesCountsAnIntCannotHoldInsteadOfWrappingThem(
            String option, String value, String message) {
        // --partitions 4294967296 used to become 0 (auto), --torch-threads 4294967297 became 1.
        assertThatThrownBy(
                        () ->
                                EvaluateOptionsParser.parse(
                                        concat(REQUIRED, new String[] {"--" + option, value})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--" + option + message);
    }

    @Test
    void namesMissingRequiredOptionsAndUnknownOnes() {
        assertThatThrownBy(() -> EvaluateOptionsParser.parse("--data", "d", "--model="))
                .hasMessage("--model is required, got an empty value");
        assertThatThrownBy(() -> EvaluateOptionsParser.parse("--dta", "d"))
                .hasMessageStartingWith(
                        "Unknown option --dta (did you mean --data?); valid options: --data,"
                                + " --model, --output");
        assertThatThrownBy(() -> EvaluateOptionsParser.parse("--data"))
                .hasMessage("--data needs a value: URI");
    }

    @Test
    void saysWhereASparkSubmitOptionBelongs() {
        assertThatThrownBy(
                        () ->
                                EvaluateOptionsParser.parse(
                                        concat(REQUIRED, new String[] {"--num-executors", "10"})))
                .hasMessageStartingWith(
                        "Unknown option --num-executors (a spark-submit option: with SPARK_HOME"
                                + " set, jobs/*.sh pass it to spark-submit;");
        assertThatThrownBy(() -> EvaluateOptionsParser.parse(concat(REQUIRED, new String[] {"-h"})))
                .isInstanceOf(OptionTable.HelpRequested.class);
    }

    @Test
    void helpListsEveryOptionWithItsDefault() {
        assertThatThrownBy(() -> EvaluateOptionsParser.parse("--data", "d", "--help"))
                .isInstanceOf(OptionTable.HelpRequested.class);
        String usage = EvaluateOptionsParser.usage();
        for (OptionSpec option : EvaluateOptionsParser.OPTIONS) {
            assertThat(usage).contains("--" + option.name());
        }
        assertThat(usage).contains("(default: spark-submit's, else local[*])");
        assertThat(usage)
                .contains("(default: the bundled data-samples/LibriSpeech)")
                .contains("(default: the bundled data-samples/model)")
                .contains("(default: runs/evaluate-<yyyyMMdd-HHmmss>)");
    }

    @Test
    void readmeDocumentsEveryOptionWithItsDefault() throws IOException {
        ReadmeOptionsTable.assertDocuments("Options", EvaluateOptionsParser.OPTIONS);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void appliesTheDefaultsItsTableShows() {
        AppliedDefaults.assertApplied(
                EvaluateOptionsParser.OPTIONS, EvaluateOptionsParser.parse(REQUIRED), 6);
    }
}
