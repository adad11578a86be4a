package org.wav2vec2spark.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonPrimitive;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.wav2vec2spark.ctc.CtcGreedyDecoder;
import org.wav2vec2spark.ctc.TokenizerSettings;
import org.wav2vec2spark.ctc.Vocabulary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

class ModelDirectoryTest {

    @TempDir Path temp;

    @Test
    void opensTheBundledModel() throws ModelLoadException {
        ModelDirectory directory = ModelDirectory.open(BundledModel.DIRECTORY);

        assertThat(directory.directory()).isEqualTo(BundledModel.DIRECTORY.toAbsolutePath());
        assertThat(directory.torchScriptFile())
                .isEqualTo(directory.directory().resolve("model.pt"));
        assertThat(directory.vocabularyFile())
                .isEqualTo(directory.directory().resolve("vocab.json"));
        ModelMetadata metadata = directory.metadata();
        assertThat(metadata.format()).isEqualTo(1);
        assertThat(metadata.modelId()).isEqualTo(BundledModel.MODEL_ID);
        assertThat(metadata.createdBy()).isEqualTo("scripts/train/export_trained_model.py");
        assertThat(metadata.dtype()).isEqualTo("float32");
        assertThat(metadata.vocabSize()).isEqualTo(32);
        assertThat(metadata.samplingRate()).isEqualTo(16000);
        assertThat(metadata.convKernel()).containsExactly(10, 3, 3, 3, 3, 2, 2);
        assertThat(metadata.convStride()).containsExactly(5, 2, 2, 2, 2, 2, 2);
        assertThat(metadata.samplesPerFrame()).isEqualTo(5 * 2 * 2 * 2 * 2 * 2 * 2);
        assertThat(metadata.inputs()).containsExactly("input_values", "lengths");
        assertThat(metadata.takesLengths()).isTrue();
        assertThat(metadata.exactBatching()).isTrue();
        assertThat(directory.frameCounter().frames(16000)).isEqualTo(49);
    }

    @Test
    void keepsTokenIdsOfWav2vec2Large960h() throws ModelLoadException {
        List<String> tokens = ModelDirectory.open(BundledModel.DIRECTORY).tokensById();

        assertThat(tokens).hasSize(32);
        assertThat(tokens.subList(0, 8))
                .containsExactly("<pad>", "<s>", "</s>", "<unk>", "|", "E", "T", "A");
        assertThat(tokens.get(27)).isEqualTo("'");
        assertThat(tokens.get(31)).isEqualTo("Z");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "model.json",
                "vocab.json",
                "config.json",
                "preprocessor_config.json",
                "model.pt"
            })
    void namesAMissingFile(String name) throws IOException {
        Path copy = BundledModel.copyTo(temp.resolve("model"));
        Files.delete(copy.resolve(name));

        assertThatThrownBy(() -> ModelDirectory.open(copy))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage("Model directory " + copy + " lacks " + name);
    }

    @Test
    void aTransformersCheckpointIsPointedToTheExportTool() throws IOException {
        // As huggingface_hub's snapshot_download leaves facebook/wav2vec2-large-960h.
        Path checkpoint = Files.createDirectories(temp.resolve("wav2vec2-large-960h"));
        for (String name :
                List.of(
                        "config.json",
                        "vocab.json",
                        "preprocessor_config.json",
                        "model.safetensors",
                        "pytorch_model.bin")) {
            Files.writeString(checkpoint.resolve(name), "{}");
        }

        assertThatThrownBy(() -> ModelDirectory.open(checkpoint))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage(
                        "Model directory "
                                + checkpoint
                                + " lacks model.json: it holds a transformers checkpoint"
                                + " (model.safetensors, pytorch_model.bin), which the jobs cannot"
                                + " run; export it first: python3 scripts/export_wav2vec2.py"
                                + " --model "
                                + checkpoint
                                + " --out DIR (README, \"Export\")");
    }

    @Test
    void aModelFileGivenForItsFolderIsPointedToTheFolder() throws IOException {
        Path copy = BundledModel.copyTo(temp.resolve("model"));

        assertThatThrownBy(() -> ModelDirectory.open(copy.resolve("model.pt")))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage(
                        "Model directory "
                                + copy.resolve("model.pt")
                                + " is a file; give the folder that holds it and its model.json: "
                                + copy);
    }

    @Test
    void refusesAMissingDirectory() {
        Path missing = temp.resolve("nowhere");

        assertThatThrownBy(() -> ModelDirectory.open(missing))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage("Model directory " + missing + " does not exist or is not a directory");
    }

    @Test
    void refusesATorchScriptFileThatIsNotTheRecordedOne() throws IOException {
        Path copy = BundledModel.copyTo(temp.resolve("model"));
        String recorded = ModelDirectory.open(copy).metadata().sha256();
        BundledModel.editJson(
                copy.resolve("model.json"),
                json -> json.add("sha256", new JsonPrimitive("00".repeat(32))));

        assertThatThrownBy(() -> ModelDirectory.open(copy))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage(
                        "model.pt sha256 is "
                                + recorded
                                + " but model.json says "
                                + "00".repeat(32)
                                + " (in "
                                + copy
                                + ")");
    }

    @Test
    void refusesATruncatedTorchScriptFile() throws IOException {
        Path copy = BundledModel.copyTo(temp.resolve("model"));
        Files.write(copy.resolve("model.pt"), new byte[] {1}, StandardOpenOption.TRUNCATE_EXISTING);

        assertThatThrownBy(() -> ModelDirectory.open(copy))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageStartingWith(
                        "model.pt sha256 is"
                            + " 4bf5122f344554c53bde2ebb8cd2b7e3d1600ad631c385a5d7cce23c7785459a"
                            + " but model.json says ");
    }

    @Test
    void refusesAVocabularyOfAnotherSize() {
        Path copy = BundledModel.copyTo(temp.resolve("model"));
        BundledModel.dropLastToken(copy);

        assertThatThrownBy(() -> ModelDirectory.open(copy))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage(
                        copy.resolve("vocab.json")
                                + " has 31 tokens but model.json says vocab_size 32");
    }

    @Test
    void refusesAVocabularyWithAGapInItsIds() {
        Path copy = BundledModel.copyTo(temp.resolve("model"));
        BundledModel.editJson(copy.resolve("vocab.json"), vocab -> vocab.addProperty("Z", 40));

        assertThatThrownBy(() -> ModelDirectory.open(copy))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage(
                        copy.resolve("vocab.json")
                                + ": ids must run from 0 to 31 without gaps, but id 31 is missing"
                                + " (tokens with ids outside 0..31: 'Z' = 40)")
                .hasCauseExactlyInstanceOf(IOException.class);
    }

    @Test
    void refusesAVocabularyWithASharedId() {
        Path copy = BundledModel.copyTo(temp.resolve("model"));
        BundledModel.editJson(copy.resolve("vocab.json"), vocab -> vocab.addProperty("Z", 30));

        assertThatThrownBy(() -> ModelDirectory.open(copy))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageStartingWith(
                        copy.resolve("vocab.json")
                                + ": id 30 is given to both 'Q' and 'Z' at line ")
                .hasMessageEndingWith(" path $.Z");
    }

    @Test
    void refusesAVocabularyThatListsATokenTwice() throws IOException {
        // Gson's JsonParser would keep the second "Z" and load this; the listing is ambiguous, and
        // VocabJson refuses it with the place of the repeat.
        Path copy = BundledModel.copyTo(temp.resolve("model"));
        Path vocab = copy.resolve("vocab.json");
        Files.writeString(vocab, Files.readString(vocab).replaceFirst("\\{", "{\"Z\": 31, "));

        assertThatThrownBy(() -> ModelDirectory.open(copy))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageStartingWith(vocab + ": token 'Z' is listed twice at line ")
                .hasMessageEndingWith(" path $.Z");
    }

    @Test
    void namesAVocabularyThatIsNotJson() throws IOException {
        Path copy = BundledModel.copyTo(temp.resolve("model"));
        Files.writeString(copy.resolve("vocab.json"), "{\"<pad>\": 0,");

        assertThatThrownBy(() -> ModelDirectory.open(copy))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageStartingWith(copy.resolve("vocab.json") + ": not valid JSON: ");
    }

    @Test
    void readsTheVocabularyAloneWithTheSameRules() throws IOException {
        Path copy = BundledModel.copyTo(temp.resolve("model"));
        BundledModel.editJson(copy.resolve("vocab.json"), vocab -> vocab.addProperty("Z", 1.5));

        assertThatThrownBy(() -> ModelDirectory.readVocabulary(copy))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageStartingWith(
                        copy.resolve("vocab.json")
                                + ": id of token 'Z' must be an integer at line ")
                .hasMessageEndingWith(" path $.Z");
    }

    @Test
    void namesAMissingMetadataField() {
        Path copy = BundledModel.copyTo(temp.resolve("model"));
        BundledModel.editJson(copy.resolve("model.json"), json -> json.remove("vocab_size"));

        assertThatThrownBy(() -> ModelDirectory.open(copy))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage(copy.resolve("model.json") + ": field \"vocab_size\" is missing");
    }

    @Test
    void namesAMetadataFieldOfTheWrongType() {
        Path copy = BundledModel.copyTo(temp.resolve("model"));
        BundledModel.editJson(
                copy.resolve("model.json"), json -> json.addProperty("conv_kernel", "10,3"));

        assertThatThrownBy(() -> ModelDirectory.open(copy))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage(
                        copy.resolve("model.json")
                                + ": field \"conv_kernel\" should be a list but is \"10,3\"");
    }

    @Test
    void refusesAnUnknownMetadataFormat() {
        Path copy = BundledModel.copyTo(temp.resolve("model"));
        BundledModel.editJson(copy.resolve("model.json"), json -> json.addProperty("format", 2));

        assertThatThrownBy(() -> ModelDirectory.open(copy))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage(
                        copy.resolve("model.json")
                                + ": field \"format\" is 2 but only 1 is supported");
    }

    @Test
    void refusesInputsItCannotFeed() {
        Path copy = copyWithInputs("input_values", "attention_mask");

        assertThatThrownBy(() -> ModelDirectory.open(copy))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage(
                        copy.resolve("model.json")
                                + ": field \"inputs\" must be [input_values] or"
                                + " [input_values, lengths] but is [input_values, attention_mask]");
    }

    @Test
    void refusesExactBatchingWithoutLengths() {
        Path copy = copyWithInputs("input_values");

        assertThatThrownBy(() -> ModelDirectory.open(copy))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage(
                        copy.resolve("model.json")
                                + ": \"exact_batching\" is true but \"inputs\" is [input_values];"
                                + " exact batching needs the lengths: [input_values, lengths]");
    }

    @Test
    void refusesAnUnknownDtype() {
        Path copy = BundledModel.copyTo(temp.resolve("model"));
        BundledModel.editJson(
                copy.resolve("model.json"), json -> json.addProperty("dtype", "float8"));

        assertThatThrownBy(() -> ModelDirectory.open(copy))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage(
                        copy.resolve("model.json")
                                + ": field \"dtype\" must be one of"
                                + " [float32, float16, bfloat16] but is \"float8\"");
    }

    @Test
    void refusesAFeatureEncoderThatGivesNoFrameCount() {
        // Left unchecked, every task failed later with a message that named neither the file
        // nor the field.
        Path empty = BundledModel.copyTo(temp.resolve("empty"));
        BundledModel.editJson(
                empty.resolve("model.json"),
                json -> {
                    json.add("conv_kernel", new com.google.gson.JsonArray());
                    json.add("conv_stride", new com.google.gson.JsonArray());
                });
        Path zero = BundledModel.copyTo(temp.resolve("zero"));
        BundledModel.editJson(
                zero.resolve("model.json"),
                json -> json.getAsJsonArray("conv_stride").set(2, new JsonPrimitive(0)));

        assertThatThrownBy(() -> ModelDirectory.open(empty))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage(
                        empty.resolve("model.json") + ": field \"conv_kernel\" lists no layers");
        assertThatThrownBy(() -> ModelDirectory.open(zero))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage(
                        zero.resolve("model.json")
                                + ": field \"conv_stride\" must hold values >= 1 but has 0 at"
                                + " position 2");
    }

    private Path copyWithInputs(String... names) {
        Path copy = BundledModel.copyTo(temp.resolve("model"));
        com.google.gson.JsonArray inputs = new com.google.gson.JsonArray();
        for (String name : names) {
            inputs.add(name);
        }
        BundledModel.editJson(copy.resolve("model.json"), json -> json.add("inputs", inputs));
        return copy;
    }

    @Test
    void namesMetadataThatIsNotJson() throws IOException {
        Path copy = BundledModel.copyTo(temp.resolve("model"));
        Files.writeString(copy.resolve("model.json"), "{\"format\": 1,");

        assertThatThrownBy(() -> ModelDirectory.open(copy))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage(
                        copy.resolve("model.json")
                                + ": not valid JSON: End of input at line 1 column 14 path"
                                + " $.format")
                .hasCauseInstanceOf(com.google.gson.JsonParseException.class);
    }

    @Test
    void refusesAFeatureExtractorThatDoesNotNormalize() {
        Path copy = BundledModel.copyTo(temp.resolve("model"));
        BundledModel.editJson(
                copy.resolve("preprocessor_config.json"),
                json -> json.addProperty("do_normalize", false));

        assertThatThrownBy(() -> ModelDirectory.open(copy))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage(
                        copy.resolve("preprocessor_config.json")
                                + ": \"do_normalize\" is false but this pipeline always normalises"
                                + " each utterance to zero mean and unit variance (do_normalize"
                                + " true), so the model would see inputs it was not trained on");
    }

    @Test
    void refusesAFeatureExtractorOfAnotherSamplingRate() {
        Path copy = BundledModel.copyTo(temp.resolve("model"));
        BundledModel.editJson(
                copy.resolve("preprocessor_config.json"),
                json -> json.addProperty("sampling_rate", 8000));

        assertThatThrownBy(() -> ModelDirectory.open(copy))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage(
                        copy.resolve("preprocessor_config.json")
                                + ": \"sampling_rate\" is 8000 but this pipeline feeds 16000 Hz"
                                + " audio only");
    }

    @Test
    void takesTransformersDefaultsForAbsentFeatureExtractorSettings() throws ModelLoadException {
        Path copy = BundledModel.copyTo(temp.resolve("model"));
        BundledModel.editJson(
                copy.resolve("preprocessor_config.json"),
                json -> {
                    json.remove("do_normalize");
                    json.remove("sampling_rate");
                });

        assertThat(ModelDirectory.open(copy).metadata().samplingRate()).isEqualTo(16000);
    }

    @Test
    void namesAFeatureExtractorConfigThatIsNotJson() throws IOException {
        Path copy = BundledModel.copyTo(temp.resolve("model"));
        Files.writeString(copy.resolve("preprocessor_config.json"), "{\"do_normalize\": tru");

        assertThatThrownBy(() -> ModelDirectory.open(copy))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage(
                        copy.resolve("preprocessor_config.json")
                                + ": not valid JSON: End of input at line 1 column 21 path"
                                + " $.do_normalize");
    }

    @Test
    void refusesMetadataOfAnotherSamplingRate() {
        Path copy = BundledModel.copyTo(temp.resolve("model"));
        BundledModel.editJson(
                copy.resolve("model.json"), json -> json.addProperty("sampling_rate", 8000));

        assertThatThrownBy(() -> ModelDirectory.open(copy))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage(
                        copy.resolve("model.json")
                                + ": field \"sampling_rate\" is 8000 but this pipeline feeds 16000"
                                + " Hz audio only");
    }

    @Test
    void refusesAVocabularyWithoutThePadTokenNoTokenizerFileNames() {
        Path copy = BundledModel.copyTo(temp.resolve("model"));
        BundledModel.editJson(
                copy.resolve("vocab.json"), vocab -> vocab.add("[PAD]", vocab.remove("<pad>")));

        assertThatThrownBy(() -> ModelDirectory.open(copy))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageStartingWith(copy.resolve("vocab.json") + ": has no <pad> token")
                .hasMessageContaining("no tokenizer file names a \"pad_token\"")
                .hasMessageContaining("tokens: [[PAD], <s>, </s>, <unk>, |, E,");
    }

    @Test
    void loadsACommunityFineTuneWithPadAndUnkInBrackets() throws IOException {
        Path copy = BundledModel.copyTo(temp.resolve("model"));
        BundledModel.editJson(
                copy.resolve("vocab.json"),
                vocab -> {
                    vocab.add("[PAD]", vocab.remove("<pad>"));
                    vocab.add("[UNK]", vocab.remove("<unk>"));
                });
        Files.writeString(
                copy.resolve("special_tokens_map.json"),
                "{\"pad_token\": \"[PAD]\", \"unk_token\": {\"content\": \"[UNK]\"}}");

        ModelDirectory directory = ModelDirectory.open(copy);

        assertThat(directory.tokenizerSettings())
                .isEqualTo(new TokenizerSettings("[PAD]", "|", "[UNK]", " ", false, true));
        Vocabulary vocabulary = directory.vocabulary();
        int[] ids = {
            vocabulary.id("H"), vocabulary.padId(), vocabulary.id("|"), vocabulary.id("[UNK]")
        };
        assertThat(new CtcGreedyDecoder(vocabulary).decodeIds(ids)).isEqualTo("H [UNK]");
    }

    @Test
    void refusesAPadTokenTheVocabularyLacksNamingTheFileThatNamesIt() throws IOException {
        Path copy = BundledModel.copyTo(temp.resolve("model"));
        Files.writeString(copy.resolve("tokenizer_config.json"), "{\"pad_token\": \"[PAD]\"}");

        assertThatThrownBy(() -> ModelDirectory.open(copy))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageStartingWith(copy.resolve("vocab.json") + ": has no [PAD] token")
                .hasMessageContaining(
                        "that "
                                + copy.resolve("tokenizer_config.json")
                                + " names as \"pad_token\"");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "{\"do_lower_case\": true}; ' '; true; true",
                "{\"replace_word_delimiter_char\": \"_\"}; _; false; true",
                "{\"clean_up_tokenization_spaces\": false}; ' '; false; false",
            })
    void appliesTheCaseAndDelimiterSettingsOfTheTokenizerConfig(
            String json, String replaceWordDelimiterChar, boolean lowerCase, boolean cleanUp)
            throws IOException {
        Path copy = BundledModel.copyTo(temp.resolve("model"));
        Files.writeString(copy.resolve("tokenizer_config.json"), json);

        assertThat(ModelDirectory.open(copy).tokenizerSettings())
                .isEqualTo(
                        new TokenizerSettings(
                                "<pad>",
                                "|",
                                "<unk>",
                                replaceWordDelimiterChar,
                                lowerCase,
                                cleanUp));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "tokenizer_config.json; {\"pad_token\": 5}; pad_token; 5",
                "special_tokens_map.json; {\"pad_token\": {\"content\": null}}; pad_token;"
                        + " {\"content\":null}",
                "tokenizer_config.json; {\"word_delimiter_token\": null}; word_delimiter_token;"
                        + " null",
                "tokenizer_config.json; {\"do_lower_case\": \"yes\"}; do_lower_case; \"yes\"",
                "tokenizer_config.json; {\"replace_word_delimiter_char\": 1};"
                        + " replace_word_delimiter_char; 1",
            })
    void refusesTokenizerSettingsOfTheWrongType(
            String file, String json, String field, String actual) throws IOException {
        Path copy = BundledModel.copyTo(temp.resolve("model"));
        Files.writeString(copy.resolve(file), json);

        assertThatThrownBy(() -> ModelDirectory.open(copy))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageStartingWith(copy.resolve(file) + ": \"" + field + "\" should be ")
                .hasMessageEndingWith(" but is " + actual);
    }

    @Test
    void acceptsTheTokenizerConfigTransformersSaves() throws IOException {
        Path copy = BundledModel.copyTo(temp.resolve("model"));
        Files.copy(
                Path.of("src/test/resources/parity/transformers-checkpoint/tokenizer_config.json"),
                copy.resolve("tokenizer_config.json"));

        assertThat(ModelDirectory.open(copy).tokensById()).hasSize(32);
    }
}
