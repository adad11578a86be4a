package org.wav2vec2spark.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import org.wav2vec2spark.ctc.TokenizerSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the tokenizer settings of a model directory as transformers' {@code
 * Wav2Vec2CTCTokenizer.from_pretrained} does, so that the greedy decoder drops the model's own
 * blank and turns its own word delimiter into a space (community fine-tunes use {@code [PAD]} and
 * {@code [UNK]}, for instance).
 *
 * <p>Both files are optional; a setting neither names keeps {@code Wav2Vec2CTCTokenizer}'s default
 * ({@link TokenizerSettings#DEFAULTS}). {@code tokenizer_config.json} is read first; {@code
 * special_tokens_map.json}, which older transformers wrote, overrides it key by key unless the
 * configuration has an {@code added_tokens_decoder}, in which case transformers 5 ignores it. A
 * token is a string or a saved {@code AddedToken}, an object with its {@code "content"}.
 *
 * <p>Refused, naming file and key: a setting of the wrong type, and a pad token that {@code
 * vocab.json} lacks, since the decoder could then drop no blank.
 */
final class TokenizerFiles {

    /** The tokenizer configuration transformers saves beside {@code vocab.json}. */
    static final String TOKENIZER_CONFIG_FILE = "tokenizer_config.json";

    /** Older transformers' file of special tokens, which overrides the tokenizer configuration. */
    static final String SPECIAL_TOKENS_FILE = "special_tokens_map.json";

    private TokenizerFiles() {}

    /** A setting's JSON value and the file it came from. */
    private record Setting(JsonElement value, Path file) {}

    /**
     * Reads and checks the tokenizer settings of a model directory.
     *
     * @param directory the model directory
     * @param tokensById the tokens of its {@code vocab.json}, by id
     * @return the settings the decoder must apply
     * @throws ModelLoadException naming the file and key whose content the decoder cannot apply
     */
    static TokenizerSettings read(Path directory, List<String> tokensById)
            throws ModelLoadException {
        Map<String, Setting> settings = new HashMap<>();
        boolean hasAddedTokensDecoder = false;
        Path config = directory.resolve(TOKENIZER_CONFIG_FILE);
        if (Files.isRegularFile(config)) {
            JsonObject json = ModelJsonFile.parseObject(config);
            hasAddedTokensDecoder = json.has("added_tokens_decoder");
            json.entrySet()
                    .forEach(e -> settings.put(e.getKey(), new Setting(e.getValue(), config)));
        }
        Path specialTokens = directory.resolve(SPECIAL_TOKENS_FILE);
        if (!hasAddedTokensDecoder && Files.isRegularFile(specialTokens)) {
            ModelJsonFile.parseObject(specialTokens)
                    .entrySet()
                    .forEach(
                            e ->
                                    settings.put(
                                            e.getKey(), new Setting(e.getValue(), specialTokens)));
        }
        TokenizerSettings defaults = TokenizerSettings.DEFAULTS;
        TokenizerSettings read =
                new TokenizerSettings(
                        token(settings, "pad_token", defaults.padToken()),
                        token(settings, "word_delimiter_token", defaults.wordDelimiterToken()),
                        token(settings, "unk_token", defaults.unkToken()),
                        string(
                                settings,
                                "replace_word_delimiter_char",
                                defaults.replaceWordDelimiterChar()),
                        bool(settings, "do_lower_case", defaults.doLowerCase()),
                        bool(
                                settings,
                                "clean_up_tokenization_spaces",
                                defaults.cleanUpTokenizationSpaces()));
        if (!tokensById.contains(read.padToken())) {
            Setting pad = settings.get("pad_token");
            throw new ModelLoadException(
                    directory.resolve(ModelDirectory.VOCABULARY_FILE)
                            + ": has no "
                            + read.padToken()
                            + " token, the pad token "
                            + (pad == null
                                    ? "by default (no tokenizer file names a \"pad_token\")"
                                    : "that " + pad.file() + " names as \"pad_token\"")
                            + ", which the greedy CTC decoder drops as the blank; tokens: "
                            + (tokensById.size() <= 40
                                    ? tokensById.toString()
                                    : tokensById.size() + " of them"));
        }
        return read;
    }

    /** A special token: a string, or an AddedToken saved as an object with its "content". */
    private static String token(Map<String, Setting> settings, String key, String fallback)
            throws ModelLoadException {
        Setting setting = settings.get(key);
        if (setting == null) {
            return fallback;
        }
        JsonElement value = setting.value();
        JsonElement content =
                value.isJsonObject() && value.getAsJsonObject().has("content")
                        ? value.getAsJsonObject().get("content")
                        : value;
        if (!isString(content)) {
            throw wrongType(setting, key, "a token (a string, or an object with its \"content\")");
        }
        return content.getAsString();
    }

    private static String string(Map<String, Setting> settings, String key, String fallback)
            throws ModelLoadException {
        Setting setting = settings.get(key);
        if (setting == null) {
            return fallback;
        }
        if (!isString(setting.value())) {
            throw wrongType(setting, key, "a string");
        }
        return setting.value().getAsString();
    }

    private static boolean bool(Map<String, Setting> settings, String key, boolean fallback)
            throws ModelLoadException {
        Setting setting = settings.get(key);
        if (setting == null) {
            return fallback;
        }
        JsonElement value = setting.value();
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isBoolean()) {
            throw wrongType(setting, key, "true or false");
        }
        return value.getAsBoolean();
    }

    private static boolean isString(JsonElement value) {
        return value.isJsonPrimitive() && value.getAsJsonPrimitive().isString();
    }

    private static ModelLoadException wrongType(Setting setting, String key, String expected) {
        return new ModelLoadException(
                setting.file()
                        + ": \""
                        + key
                        + "\" should be "
                        + expected
                        + " for the greedy CTC decoder but is "
                        + setting.value());
    }
}
