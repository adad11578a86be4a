package org.wav2vec2spark.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wav2vec2spark.ExternalCommand;
import org.wav2vec2spark.ctc.TokenizerSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The export tool on a checkpoint folder that transformers itself wrote ({@code
 * src/test/resources/parity/transformers-checkpoint/}: {@code save_pretrained} of a tiny seeded
 * Wav2Vec2ForCTC in large-960h's layout and of its processor, transformers 5.12.1), run by the
 * project's DJL against the eager logits transformers computed ({@code
 * transformers-checkpoint.tar}); both made by {@code
 * scripts/parity/make_transformers_checkpoint.py}.
 *
 * <p>It covers what the project's own checkpoint writer cannot: transformers' weight names
 * (weight-norm parametrizations), its safetensors and its config files, including transformers 5's
 * {@code processor_config.json} in place of {@code preprocessor_config.json}.
 */
class ExportFromTransformersIT {

    private static final Path CHECKPOINT =
            Path.of("src/test/resources/parity/transformers-checkpoint");
    private static final Path GOLDEN =
            Path.of("src/test/resources/parity/transformers-checkpoint.tar");
    private static final String REMAKE =
            "remake both with sudo scripts/with-transformers.sh python3"
                    + " scripts/parity/make_transformers_checkpoint.py";
    private static final double LOGIT_TOLERANCE = 1e-4;
    private static final double ARGMAX_MARGIN = 1e-3;

    @TempDir static Path temp;

    private static GoldenTar golden;
    private static SampleSpeech samples;
    private static Wav2Vec2Model model;
    private static LogitsPredictor predictor;

    @BeforeAll
    static void exportTheCheckpoint() throws Exception {
        Path exported = temp.resolve("exported");
        export(CHECKPOINT, exported);
        golden = GoldenTar.read(GOLDEN);
        samples = SampleSpeech.list();
        model = Wav2Vec2Model.load(ModelDirectory.open(exported), Device.cpu());
        predictor = model.newPredictor();
    }

    @AfterAll
    static void close() {
        if (predictor != null) {
            predictor.close();
        }
        if (model != null) {
            model.close();
        }
    }

    @Test
    void exportsTheModelTheGoldenFileWasMadeFrom() {
        ModelMetadata metadata = model.directory().metadata();
        golden.assertMadeFor(metadata.sha256(), REMAKE);
        assertThat(metadata.exactBatching()).isTrue();
        assertThat(metadata.vocabSize()).isEqualTo(32);
    }

    @Test
    void batchSizeOneLogitsEqualEagerTransformers() throws Exception {
        assertThat(
                        golden.assertBatchSizeOneLogits(
                                predictor,
                                samples,
                                LOGIT_TOLERANCE,
                                ARGMAX_MARGIN,
                                "transformers-saved checkpoint"))
                .isEqualTo(4);
    }

    @Test
    void refusesFeatureExtractorSettingsTheJavaSideDoesNotApply() throws Exception {
        // transformers 5 keeps them in processor_config.json; the export must read them there too
        Path processorConfig =
                copyOfCheckpoint("no-normalisation").resolve("processor_config.json");
        String settings = Files.readString(processorConfig);
        assertThat(settings).contains("\"do_normalize\": true");
        Files.writeString(
                processorConfig,
                settings.replace("\"do_normalize\": true", "\"do_normalize\": false"));

        assertThatThrownBy(() -> export(processorConfig.getParent(), temp.resolve("refused")))
                .hasMessageContaining(processorConfig + ": the Java pipeline feeds 16 kHz audio")
                .hasMessageContaining("do_normalize False");
    }

    @Test
    void carriesTheTokenizerSettingsOfACommunityFineTune() throws Exception {
        Path checkpoint = copyOfCheckpoint("brackets");
        Path vocabulary = checkpoint.resolve("vocab.json");
        Files.writeString(
                vocabulary, Files.readString(vocabulary).replace("\"<pad>\"", "\"[PAD]\""));
        Path tokenizerConfig = checkpoint.resolve("tokenizer_config.json");
        String settings = Files.readString(tokenizerConfig);
        assertThat(settings).contains("\"pad_token\": \"<pad>\"", "\"do_lower_case\": false");
        Files.writeString(
                tokenizerConfig,
                settings.replace("\"pad_token\": \"<pad>\"", "\"pad_token\": \"[PAD]\"")
                        .replace("\"do_lower_case\": false", "\"do_lower_case\": true"));
        Path out = temp.resolve("brackets-out");

        export(checkpoint, out);

        TokenizerSettings read = ModelDirectory.open(out).tokenizerSettings();
        assertThat(read.padToken()).isEqualTo("[PAD]");
        assertThat(read.doLowerCase()).isTrue();
    }

    @Test
    void refusesAVocabularyWithoutThePadToken() throws Exception {
        Path vocabulary = copyOfCheckpoint("other-pad").resolve("vocab.json");
        Files.writeString(
                vocabulary, Files.readString(vocabulary).replace("\"<pad>\"", "\"[PAD]\""));

        assertThatThrownBy(() -> export(vocabulary.getParent(), temp.resolve("other-pad-out")))
                .hasMessageContaining(
                        "error: " + vocabulary + " has no '<pad>' token, the pad token")
                .hasMessageContaining("which the Java decoder drops as the CTC blank");
    }

    @Test
    void namesAMalformedConfigFile() throws Exception {
        Path config = copyOfCheckpoint("malformed").resolve("config.json");
        Files.writeString(config, "{\"hidden_size\": ");

        assertThatThrownBy(() -> export(config.getParent(), temp.resolve("malformed-out")))
                .hasMessageContaining("error: " + config + " is not valid JSON")
                .hasMessageNotContaining("Traceback");
    }

    @Test
    void paddedBatchEqualsBatchSizeOne() throws Exception {
        assertThat(
                        golden.assertPaddedBatchEqualsBatchSizeOne(
                                predictor,
                                samples,
                                LOGIT_TOLERANCE,
                                ARGMAX_MARGIN,
                                "transformers-saved checkpoint"))
                .isEqualTo(4);
    }

    /** Runs the export tool on {@code checkpoint}, failing with its output if it fails. */
    private static void export(Path checkpoint, Path out) {
        ExternalCommand.run(
                "python3",
                "scripts/export_wav2vec2.py",
                "--model",
                checkpoint.toString(),
                "--out",
                out.toString());
    }

    /** A copy of the fixture folder under {@code name}, to break in one place. */
    private static Path copyOfCheckpoint(String name) throws IOException {
        Path copy = temp.resolve(name);
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(CHECKPOINT)) {
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        return copy;
    }
}
