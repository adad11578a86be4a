package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wav2vec2spark.jobs.cli.OptionTable;
import org.wav2vec2spark.nightly.RegressionPolicy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

class NightlyOptionsParserTest {
    private static final String REPRODUCTION = "conf/librispeech-reproduction.properties";

    @TempDir Path dir;

    @Test
    void reproductionPresetServesBothJobs() {
        EvaluateOptions evaluate =
                EvaluateOptionsParser.parse(
                        "--config", REPRODUCTION, "--data", "d", "--model", "m", "--output", "o");
        NightlyOptions nightly =
                NightlyOptionsParser.parse(
                        "--config", REPRODUCTION, "--history", "h.jsonl", "--run", "r");

        assertThat(evaluate.splits()).containsExactly("test-clean", "test-other");
        RegressionPolicy policy = nightly.policy();
        assertThat(policy.expectedWer())
                .isEqualTo(Map.of("test-clean", 0.028, "test-other", 0.063));
        assertThat(policy.expectTolerance()).isEqualTo(0.002);
        assertThat(policy.regressionTolerance()).isEqualTo(0.001);
        assertThat(policy.replicates()).isEqualTo(1000);
        assertThat(policy.level()).isEqualTo(0.95);
        assertThat(nightly.evaluate()).isNull();
        assertThat(nightly.projectCommit()).isEqualTo("unknown");
    }

    @Test
    void evaluatingWithoutOutputWritesNextToTheHistory() {
        NightlyOptions options =
                NightlyOptionsParser.parse(
                        "--history", "hdfs://nn/nightly/history.jsonl",
                        "--data", "d",
                        "--model", "m",
                        "--commit", "abc",
                        "--max-failed-fraction", "0.01");

        assertThat(options.evaluate().outputUri()).matches("hdfs://nn/nightly/runs/\\d{8}-\\d{6}");
        assertThat(options.policy().maxFailedFraction()).isEqualTo(0.01);
        assertThat(options.projectCommit()).isEqualTo("abc");
    }

    @Test
    void helpGivesTheNightlyDefaultOfOutput() {
        assertThat(NightlyOptionsParser.usage())
                .contains("(default: <history folder>/runs/<UTC yyyyMMdd-HHmmss>)")
                .contains("--data URI")
                .doesNotContain("runs/evaluate-");
    }

    @Test
    void shortHelpAsksForHelpAsInTheOtherJobs() {
        assertThatThrownBy(() -> NightlyOptionsParser.parse("-h"))
                .isInstanceOf(OptionTable.HelpRequested.class);
        assertThatThrownBy(() -> NightlyOptionsParser.parse("--history", "h", "--run", "r", "-h"))
                .isInstanceOf(OptionTable.HelpRequested.class);
    }

    @Test
    void checkingARunTakesItsOptionsInTheNameEqualsValueFormToo() {
        NightlyOptions options =
                NightlyOptionsParser.parse(
                        "--history=h.jsonl",
                        "--run=r",
                        "--config=" + REPRODUCTION,
                        "--master=local[2]",
                        "--conf=spark.ui.enabled=false");

        assertThat(options.master()).isEqualTo("local[2]");
        assertThat(options.sparkConf()).isEqualTo(Map.of("spark.ui.enabled", "false"));
        assertThat(options.policy().expectedWer())
                .isEqualTo(Map.of("test-clean", 0.028, "test-other", 0.063));
    }

    @Test
    void checkingARunTakesTheFailureAllowanceFromThePreset() throws IOException {
        Path preset = dir.resolve("allowance.properties");
        Files.write(preset, List.of("max-failed-fraction = 0.25", "expect.dev.wer = 0.1"));

        NightlyOptions options = checkingARunWith(preset);

        assertThat(options.policy().maxFailedFraction()).isEqualTo(0.25);
        assertThat(options.policy().expectedWer()).isEqualTo(Map.of("dev", 0.1));
    }

    @Test
    void checkingARunTakesThePresetsMasterBelowTheCommandLines() throws IOException {
        Path preset = dir.resolve("cluster.properties");
        Files.write(preset, List.of("master = spark://head:7077"));

        NightlyOptions fromPreset = checkingARunWith(preset);
        NightlyOptions fromCommandLine =
                NightlyOptionsParser.parse(
                        "--history",
                        "h",
                        "--run",
                        "r",
                        "--config",
                        preset.toString(),
                        "--master",
                        "local[2]");

        assertThat(fromPreset.master()).isEqualTo("spark://head:7077");
        assertThat(fromCommandLine.master()).isEqualTo("local[2]");
    }

    @Test
    void checkingARunTakesSparkSettingsAsTheEvaluateJobDoes() {
        NightlyOptions options =
                NightlyOptionsParser.parse(
                        "--history",
                        "h",
                        "--run",
                        "r",
                        "--conf",
                        "spark.a=1",
                        "--conf=spark.b=x=y");

        assertThat(options.sparkConf())
                .containsExactlyInAnyOrderEntriesOf(Map.of("spark.a", "1", "spark.b", "x=y"));
        assertThatThrownBy(
                        () ->
                                NightlyOptionsParser.parse(
                                        "--history", "h", "--run", "r", "--conf", "nokey"))
                .hasMessage("--conf expects KEY=VALUE, got 'nokey'");
        assertThatThrownBy(
                        () ->
                                NightlyOptionsParser.parse(
                                        "--history", "h", "--run", "r", "--master"))
                .hasMessage("--master needs a value: URL");
        assertThatThrownBy(
                        () -> NightlyOptionsParser.parse("--history", "h", "--run", "r", "extra"))
                .hasMessage("Unexpected argument 'extra'; options start with --");
    }

    @Test
    void checkingARunRefusesWhatTheEvaluateJobRefusesInThePreset() throws IOException {
        // The preset's evaluate keys are checked as when evaluating, with the same messages.
        for (String[] badValue :
                new String[][] {
                    {"NaN", "must be between 0 and 1, got NaN"},
                    {"-0.1", "must be between 0 and 1, got -0.1"},
                    {"1.5", "must be between 0 and 1, got 1.5"},
                    {"half", "expects a number, got 'half'"}
                }) {
            Path preset = dir.resolve("bad.properties");
            Files.write(preset, List.of("max-failed-fraction = " + badValue[0]));

            assertThatThrownBy(() -> checkingARunWith(preset))
                    .as(badValue[0])
                    .hasMessage(preset + ": max-failed-fraction " + badValue[1]);
        }
        Path typo = dir.resolve("typo.properties");
        Files.write(typo, List.of("max-failed-fractoin = 0.1"));

        assertThatThrownBy(() -> checkingARunWith(typo))
                .hasMessageStartingWith(
                        "Preset " + typo + " has unknown key 'max-failed-fractoin'");
    }

    @Test
    void anOptionGivenTwiceIsRefusedRatherThanTheFirstDropped() {
        assertThatThrownBy(
                        () ->
                                NightlyOptionsParser.parse(
                                        "--history", "a.jsonl", "--run", "r", "--history=b.jsonl"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--history is given twice ('a.jsonl', then 'b.jsonl'); give it once");
        assertThatThrownBy(
                        () ->
                                NightlyOptionsParser.parse(
                                        "--history",
                                        "h",
                                        "--run",
                                        "r",
                                        "--master",
                                        "local[2]",
                                        "--master=local[4]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--master is given twice ('local[2]', then 'local[4]'); give it once");
    }

    @Test
    void mistakesAreNamed() throws IOException {
        Path typo = dir.resolve("typo.properties");
        Files.write(typo, List.of("expect.test-clean.werr = 0.1"));
        Path badLevel = dir.resolve("level.properties");
        Files.write(badLevel, List.of("bootstrap.level = 1.5"));

        assertThatThrownBy(() -> NightlyOptionsParser.parse("--run", "r"))
                .hasMessage("--history is required (see --help)");
        assertThatThrownBy(
                        () ->
                                NightlyOptionsParser.parse(
                                        "--history", "h", "--run", "r", "--data", "d"))
                .hasMessageContaining("takes only --config, --master and --conf")
                .hasMessageEndingWith("got '--data'");
        assertThatThrownBy(() -> checkingARunWith(typo))
                .hasMessageStartingWith(
                        "Preset " + typo + " has unknown nightly key 'expect.test-clean.werr'");
        assertThatThrownBy(() -> checkingARunWith(badLevel))
                .hasMessage(badLevel + ": bootstrap.level must be in (0, 1), got 1.5");
        // A flag given a value is refused, not taken as the flag: --accept=false must not accept.
        assertThatThrownBy(
                        () ->
                                NightlyOptionsParser.parse(
                                        "--history", "h", "--run", "r", "--accept=false"))
                .hasMessage("--accept takes no value, got 'false'");
        assertThatThrownBy(() -> NightlyOptionsParser.parse("--history", "h", "--accept="))
                .hasMessage("--accept takes no value, got ''");
        assertThatThrownBy(() -> NightlyOptionsParser.parse("--history", "h", "--help=x"))
                .isNotInstanceOf(OptionTable.HelpRequested.class)
                .hasMessage("--help takes no value, got 'x'");
        // `--history $EMPTY --run r`: --run is no history file.
        assertThatThrownBy(() -> NightlyOptionsParser.parse("--history", "--run", "r"))
                .hasMessage("--history needs a value: URI");
    }

    @Test
    void aPathHadoopCannotReadIsNamedWithItsOption() {
        // A relative name with a colon, as a timestamped history is named: not a URI to Hadoop.
        assertThatThrownBy(() -> NightlyOptionsParser.parse("--history", "nightly:1.jsonl"))
                .hasMessage(
                        "--history nightly:1.jsonl: not a path Hadoop can read (Relative path in"
                                + " absolute URI: nightly:1.jsonl)");
        assertThatThrownBy(() -> NightlyOptionsParser.parse("--history", "h", "--run", "run:1"))
                .hasMessageStartingWith("--run run:1: not a path Hadoop can read");
        for (String folder : List.of("/data/nightly/", "h.jsonl/.", "/data/x/..", ".")) {
            assertThatThrownBy(() -> NightlyOptionsParser.parse("--history", folder))
                    .hasMessage(
                            "--history "
                                    + folder
                                    + " names a folder: give the history file, one JSON line per"
                                    + " night (such as history.jsonl in that folder)");
        }
        assertThatThrownBy(() -> NightlyOptionsParser.parse("--history", "h", "--run", ""))
                .hasMessage("--run got an empty value; give one or leave the option out");
    }

    @Test
    void misspelledOptionIsUnknownAndTheValidOnesIncludeTheNightlyOnes() {
        for (String[] args :
                List.of(
                        new String[] {"--history", "h", "--run", "r", "--hsitory", "x"},
                        new String[] {"--history", "h", "--data", "d", "--hsitory", "x"},
                        new String[] {"--history", "h", "--run", "r", "--hsitory=x"})) {
            assertThatThrownBy(() -> NightlyOptionsParser.parse(args))
                    .as(String.join(" ", args))
                    .hasMessageStartingWith(
                            "Unknown option --hsitory (did you mean --history?); valid options:"
                                    + " --history, --run, --commit, --accept, --help, --data,"
                                    + " --model, --output")
                    .hasMessageEndingWith("--conf, --config");
        }
    }

    @Test
    void ownOptionsTakeTheirValueAfterAnEqualsSign() {
        NightlyOptions options =
                NightlyOptionsParser.parse("--history=h.jsonl", "--run=r", "--commit=abc");

        assertThat(options.historyUri()).isEqualTo("h.jsonl");
        assertThat(options.runUri()).isEqualTo("r");
        assertThat(options.projectCommit()).isEqualTo("abc");
    }

    @Test
    void usageErrorsExitWithTwoBeforeSparkStarts() {
        assertThat(NightlyJob.runFromCommandLine(new String[] {"--run", "r"}))
                .isEqualTo(NightlyJob.ERROR);
    }

    /** Parses {@code --history h --run r --config PRESET}: checking a run with a preset. */
    private static NightlyOptions checkingARunWith(Path preset) {
        return NightlyOptionsParser.parse(
                "--history", "h", "--run", "r", "--config", preset.toString());
    }
}
