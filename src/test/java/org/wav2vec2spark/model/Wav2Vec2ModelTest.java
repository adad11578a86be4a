package org.wav2vec2spark.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

class Wav2Vec2ModelTest {

    @TempDir Path temp;

    @Test
    void loadsTheBundledModelOnCpu() throws Exception {
        try (Wav2Vec2Model model =
                Wav2Vec2Model.load(ModelDirectory.open(BundledModel.DIRECTORY), Device.cpu())) {
            assertThat(model.device()).isEqualTo(Device.cpu());
            assertThat(model.directory().metadata().modelId()).isEqualTo(BundledModel.MODEL_ID);
            assertThat(model.loadTime()).isPositive();
            try (LogitsPredictor predictor = model.newPredictor()) {
                List<float[][]> logits = predictor.predict(List.of(new float[16000]));
                assertThat(logits.get(0)).hasDimensions(49, 32);
            }
        }
    }

    @Test
    void refusesAVocabularyThatDoesNotMatchTheModelOutput() {
        // vocab.json and model.json agree on 31 tokens, but the network still outputs 32 logits
        Path copy = BundledModel.copyTo(temp.resolve("model"));
        BundledModel.dropLastToken(copy);
        BundledModel.editJson(
                copy.resolve("model.json"), json -> json.addProperty("vocab_size", 31));

        assertThatThrownBy(() -> Wav2Vec2Model.load(ModelDirectory.open(copy), Device.cpu()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage(
                        copy.resolve("vocab.json")
                                + " has 31 tokens but "
                                + copy.resolve("model.pt")
                                + " outputs 32 logits per frame");
    }

    @Test
    void refusesLengthBucketsForAModelWithoutExactBatching() throws Exception {
        // the same archive, declared plain: padding beyond the longest item would change its logits
        Path copy = BundledModel.copyTo(temp.resolve("model"));
        BundledModel.editJson(
                copy.resolve("model.json"), json -> json.addProperty("exact_batching", false));

        try (Wav2Vec2Model model = Wav2Vec2Model.load(ModelDirectory.open(copy), Device.cpu())) {
            assertThatThrownBy(() -> model.newPredictor(new LengthBucket(16000)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(
                            "Length buckets pad batches beyond their longest item, which changes"
                                    + " the logits of "
                                    + copy.resolve("model.pt")
                                    + ": it was not exported with exact batching"
                                    + " (scripts/export_wav2vec2.py --exact)");
            model.newPredictor(LengthBucket.NONE).close();
        }
    }

    @Test
    void wrapsTheEngineErrorForAnArchiveItCannotRead() throws Exception {
        Path copy = BundledModel.copyTo(temp.resolve("model"));
        java.nio.file.Files.writeString(copy.resolve("model.pt"), "not a zip");
        String sha256 =
                java.util.HexFormat.of()
                        .formatHex(
                                java.security.MessageDigest.getInstance("SHA-256")
                                        .digest(
                                                "not a zip"
                                                        .getBytes(
                                                                java.nio.charset.StandardCharsets
                                                                        .UTF_8)));
        BundledModel.editJson(
                copy.resolve("model.json"), json -> json.addProperty("sha256", sha256));

        assertThatThrownBy(() -> Wav2Vec2Model.load(ModelDirectory.open(copy), Device.cpu()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage(
                        "Cannot load "
                                + copy.resolve("model.pt")
                                + " with DJL's PyTorch engine on cpu()")
                .hasCauseInstanceOf(Exception.class);
    }

    @Test
    void loadsTheArchiveModelJsonNamesNotAnotherWithTheSameStem() throws Exception {
        // model.json checks the sha256 of model.ts; an unrelated model.pt beside it must not load
        Path copy = BundledModel.copyTo(temp.resolve("model"));
        java.nio.file.Files.move(copy.resolve("model.pt"), copy.resolve("model.ts"));
        java.nio.file.Files.writeString(copy.resolve("model.pt"), "not a zip");
        BundledModel.editJson(
                copy.resolve("model.json"), json -> json.addProperty("torchscript", "model.ts"));

        try (Wav2Vec2Model model = Wav2Vec2Model.load(ModelDirectory.open(copy), Device.cpu());
                LogitsPredictor predictor = model.newPredictor()) {
            assertThat(predictor.predict(List.of(new float[16000])).get(0)).hasDimensions(49, 32);
        }
    }

    @Test
    void loadsAnArchiveWhoseNameDoesNotEndInPt() throws Exception {
        Path copy = BundledModel.copyTo(temp.resolve("model"));
        java.nio.file.Files.move(copy.resolve("model.pt"), copy.resolve("wav2vec2.torchscript"));
        BundledModel.editJson(
                copy.resolve("model.json"),
                json -> json.addProperty("torchscript", "wav2vec2.torchscript"));

        try (Wav2Vec2Model model = Wav2Vec2Model.load(ModelDirectory.open(copy), Device.cpu())) {
            assertThat(model.directory().torchScriptFile())
                    .isEqualTo(copy.resolve("wav2vec2.torchscript"));
        }
    }
}
