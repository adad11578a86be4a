package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.wav2vec2spark.jobs.cli.BundledDefaults;
import org.wav2vec2spark.jobs.cli.WholeNumberCases;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

class TranscribeOptionsParserTest {

    @Test
    void appliesDefaults() {
        TranscribeOptions options = withRequired();

        assertThat(options.inputUris()).containsExactly("a");
        assertThat(options.format()).isEqualTo("parquet");
        assertThat(options.chunkSeconds()).isEqualTo(30);
        // transformers' default stride_length_s = chunk_length_s / 6
        assertThat(options.strideSeconds()).isEqualTo(5);
        assertThat(options.wordTimes()).isFalse();
        assertThat(options.batchSamples()).isEqualTo(960_000);
        assertThat(options.maxFailedFraction()).isEqualTo(1);
        assertThat(options.device()).isEqualTo("auto");
    }

    @Test
    void chunkingThatPassesInSecondsButMakesNoWindowInFramesIsRefusedOnTheDriver() {
        // 14.99 s is less than half of 30 s, but both round to frames of 20 ms: 750 + 750 = 1500.
        TranscribeOptions options =
                withRequired("--chunk-seconds", "30", "--stride-seconds", "14.99");

        assertThatThrownBy(
                        () ->
                                TranscribeJob.requireWindows(
                                        options, new ModelSource(null, null, false, 320, 400)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "--chunk-seconds 30.0 with --stride-seconds 14.99 make no window once"
                                + " rounded to whole frames of 320 samples: ");
        TranscribeJob.requireWindows(withRequired(), new ModelSource(null, null, false, 320, 400));
    }

    @Test
    void windowsWithoutAStrideAreWarnedOfOnlyWhenThereAreWindows() {
        assertThat(
                        TranscribeJob.zeroStrideWarning(
                                withRequired("--chunk-seconds", "10", "--stride-seconds", "0")))
                .hasValueSatisfying(
                        warning ->
                                assertThat(warning)
                                        .startsWith(
                                                "--stride-seconds 0: each window loses its last"
                                                        + " frame"));
        assertThat(TranscribeJob.zeroStrideWarning(withRequired("--chunk-seconds", "10")))
                .isEmpty();
        assertThat(TranscribeJob.zeroStrideWarning(withRequired("--chunk-seconds", "0"))).isEmpty();
    }

    @Test
    void windowsShorterThanTheModelsReceptiveFieldAreRefusedOnTheDriver() {
        // 0.02 s is one 320-sample frame, but the encoder needs 400 samples for any frame: every
        // window would give none, and every recording an empty transcript marked ok.
        TranscribeOptions options =
                withRequired("--chunk-seconds", "0.02", "--stride-seconds", "0");

        assertThatThrownBy(
                        () ->
                                TranscribeJob.requireWindows(
                                        options, new ModelSource(null, null, false, 320, 400)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "--chunk-seconds 0.02 gives windows of 320 samples, shorter than the 400"
                                + " (0.025 s) the model needs for one frame");
        TranscribeJob.requireWindows(
                withRequired("--chunk-seconds", "0.04", "--stride-seconds", "0"),
                new ModelSource(null, null, false, 320, 400));
    }

    @Test
    void readsSeveralInputsAndEveryOption() {
        TranscribeOptions options =
                TranscribeOptionsParser.parse(
                        "--input",
                        "a",
                        "b",
                        "--input=c",
                        "--model",
                        "m",
                        "--output",
                        "o",
                        "--format",
                        "jsonl",
                        "--chunk-seconds",
                        "12",
                        "--stride-seconds=2",
                        "--word-times",
                        "--master",
                        "local[2]",
                        "--max-failed-fraction",
                        "0.25",
                        "--batch-samples",
                        "16000",
                        "--partitions",
                        "3",
                        "--device",
                        "cpu",
                        "--torch-threads",
                        "2",
                        "--conf",
                        "spark.a=1");

        assertThat(options.inputUris()).containsExactly("a", "b", "c");
        assertThat(options.format()).isEqualTo("jsonl");
        assertThat(options.chunkSeconds()).isEqualTo(12);
        assertThat(options.strideSeconds()).isEqualTo(2);
        assertThat(options.wordTimes()).isTrue();
        assertThat(options.master()).isEqualTo("local[2]");
        assertThat(options.maxFailedFraction()).isEqualTo(0.25);
        assertThat(options.batchSamples()).isEqualTo(16_000);
        assertThat(options.partitions()).isEqualTo(3);
        assertThat(options.device()).isEqualTo("cpu");
        assertThat(options.torchThreads()).isEqualTo(2);
        assertThat(options.sparkConf()).isEqualTo(Map.of("spark.a", "1"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--input a --model= | --model is required",
                "--input a --model m --output o --format csv | --format must be parquet or jsonl,"
                        + " got 'csv'",
                "--input a --model m --output o --chunk-seconds 10 --stride-seconds 5 |"
                        + " less than half of --chunk-seconds 10.0, got 5.0",
                "--input a --model m --output o --chunk-seconds x | --chunk-seconds expects a"
                        + " number, got 'x'",
                // Infinity is >= 0: the message has to say why it is refused.
                "--input a --model m --output o --chunk-seconds Infinity | --chunk-seconds must be"
                        + " a finite number >= 0, got Infinity",
                "--input a --model m --output o --chunk-seconds -1 | --chunk-seconds must be a"
                        + " finite number >= 0, got -1.0",
                // evaluate's --splits is close to none of transcribe's options: no guess.
                "--input a --model m --output o --splits x | Unknown option --splits; valid",
                "--input a --model m --output o --word-time | Unknown option --word-time (did you"
                        + " mean --word-times?); valid",
                "--input a --model m --output o --max-failed-fraction 1.5 | --max-failed-fraction"
                        + " must be between 0 and 1, got 1.5",
                "--input a --model m --output o --max-failed-fraction NaN | --max-failed-fraction"
                        + " must be between 0 and 1, got NaN",
                "--input a --model m --output o --word-times=yes | --word-times takes no value",
            })
    void rejectsMistakesNamingThem(String args, String message) {
        assertThatThrownBy(() -> TranscribeOptionsParser.parse(args.strip().split(" ")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message.strip());
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
        assertThatThrownBy(() -> withRequired("--" + option, value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--" + option + message);
    }

    @Test
    void eachLeftOutPathOptionTakesItsBundledDefaultOnItsOwn() {
        BundledDefaults defaults =
                new BundledDefaults(Path.of("/project"), LocalDateTime.of(2026, 11, 30, 9, 5, 7));

        TranscribeOptions none = TranscribeOptionsParser.parse(defaults, "--word-times");
        TranscribeOptions inputGiven =
                TranscribeOptionsParser.parse(defaults, "--input", "a", "b", "--output=o");

        assertThat(none.inputUris()).containsExactly("file:/project/data-samples/LibriSpeech");
        assertThat(none.modelUri()).isEqualTo("file:/project/data-samples/model");
        assertThat(none.outputUri()).isEqualTo("file:/project/runs/transcribe-20261130-090507");
        assertThat(none.wordTimes()).isTrue();
        assertThat(none.defaultsTaken()).containsOnlyKeys("input", "model", "output");
        assertThat(inputGiven.inputUris()).containsExactly("a", "b");
        assertThat(inputGiven.outputUri()).isEqualTo("o");
        assertThat(inputGiven.defaultsTaken())
                .containsExactly(Map.entry("model", "file:/project/data-samples/model"));
    }

    @Test
    void readmeDocumentsEveryOptionWithItsDefault() throws IOException {
        ReadmeOptionsTable.assertDocuments("Transcribing", TranscribeOptionsParser.OPTIONS);
    }

    @Test
    void appliesTheDefaultsItsTableShows() {
        AppliedDefaults.assertApplied(TranscribeOptionsParser.OPTIONS, withRequired(), 7);
    }

    /** Parses the required options (input a, model m, output o), then these. */
    private static TranscribeOptions withRequired(String... more) {
        List<String> args =
                new ArrayList<>(List.of("--input", "a", "--model", "m", "--output", "o"));
        args.addAll(List.of(more));
        return TranscribeOptionsParser.parse(args.toArray(String[]::new));
    }
}
