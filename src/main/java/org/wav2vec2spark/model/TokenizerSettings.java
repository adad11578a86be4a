package org.wav2vec2spark.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The check of a model directory's tokenizer against the greedy decoder's fixed rules: the CTC
 * blank is {@code <pad>}, the word delimiter is {@code |}, decoded as a space, and the text keeps
 * its case ({@code Wav2Vec2CTCTokenizer}'s defaults).
 *
 * <p>{@code vocab.json} must hold {@code <pad>}: the decoder drops that token as the blank, and
 * without it the job would load the model and then fail in every task, with a message naming no
 * file. A {@code tokenizer_config.json} or {@code special_tokens_map.json}, present when the
 * directory was copied from a Hugging Face snapshot, must not name another pad token or word
 * delimiter, or ask for lower-case text: the decoder does not read them, so such a model would be
 * decoded with the wrong blank or without spaces. Both files are optional, as the export tool does
 * not write them.
 */
final class TokenizerSettings {

    /** The tokenizer configuration transformers saves beside {@code vocab.json}. */
    static final String TOKENIZER_CONFIG_FILE = "tokenizer_config.json";

    /** Older transformers' file of special tokens, which overrides the tokenizer configuration. */
    static final String SPECIAL_TOKENS_FILE = "special_tokens_map.json";

    /** The CTC blank the decoder drops, {@code Wav2Vec2CTCTokenizer}'s default pad token. */
    static final String PAD_TOKEN = "<pad>";

    /** The token the decoder turns into a space, {@code Wav2Vec2CTCTokenizer}'s default. */
    static final String WORD_DELIMITER_TOKEN = "|";

    private TokenizerSettings() {}

    /**
     * Checks the vocabulary and, where present, the tokenizer files of a model directory.
     *
     * @param directory the model directory
     * @param tokensById the tokens of its {@code vocab.json}, by id
     * @throws ModelLoadException naming the file whose content the decoder cannot apply
     */
    static void check(Path directory, List<String> tokensById) throws ModelLoadException {
        if (!tokensById.contains(PAD_TOKEN)) {
            throw new ModelLoadException(
                    directory.resolve(ModelDirectory.VOCABULARY_FILE)
                            + ": has no "
                            + PAD_TOKEN
                            + " token, which the greedy CTC decoder drops as the blank; tokens: "
                            + (tokensById.size() <= 40
                                    ? tokensById.toString()
                                    : tokensById.size() + " of them"));
        }
        for (String name : List.of(TOKENIZER_CONFIG_FILE, SPECIAL_TOKENS_FILE)) {
            Path file = directory.resolve(name);
            if (Files.isRegularFile(file)) {
                checkFile(file);
            }
        }
    }

    private static void checkFile(Path file) throws ModelLoadException {
        JsonObject json = ModelMetadata.parseObject(file);
        requireToken(file, json, "pad_token", PAD_TOKEN);
        requireToken(file, json, "word_delimiter_token", WORD_DELIMITER_TOKEN);
        JsonElement replacement = json.get("replace_word_delimiter_char");
        if (replacement != null && !replacement.equals(new JsonPrimitive(" "))) {
            throw unsupported(file, "replace_word_delimiter_char", replacement, "\" \"");
        }
        JsonElement lowerCase = json.get("do_lower_case");
        if (lowerCase != null && !lowerCase.equals(new JsonPrimitive(false))) {
            throw unsupported(file, "do_lower_case", lowerCase, "false");
        }
    }

    /** A special token is saved as a string or as an AddedToken object with its "content". */
    private static void requireToken(Path file, JsonObject json, String field, String expected)
            throws ModelLoadException {
        JsonElement value = json.get(field);
        if (value == null) {
            return;
        }
        JsonElement content =
                value.isJsonObject() && value.getAsJsonObject().has("content")
                        ? value.getAsJsonObject().get("content")
                        : value;
        if (!content.equals(new JsonPrimitive(expected))) {
            throw unsupported(file, field, value, "\"" + expected + "\"");
        }
    }

    private static ModelLoadException unsupported(
            Path file, String field, JsonElement actual, String supported) {
        return new ModelLoadException(
                file
                        + ": \""
                        + field
                        + "\" is "
                        + actual
                        + " but the greedy CTC decoder only applies "
                        + supported
                        + " (Wav2Vec2CTCTokenizer's default)");
    }
}
