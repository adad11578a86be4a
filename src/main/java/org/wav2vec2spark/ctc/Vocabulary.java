package org.wav2vec2spark.ctc;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;

import java.io.EOFException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The id-to-token table of a wav2vec2 CTC head, with the tokenizer settings greedy decoding applies
 * ({@link TokenizerSettings}): the pad token (the CTC blank), the word delimiter (by default {@code
 * |}, decoded as a space) and the unknown token (what an id outside the table decodes to, as in
 * transformers).
 *
 * <p>Ids must be exactly {@code 0..size-1}: the model's logits are indexed by id, so a gap or a
 * duplicate would silently shift every later token.
 */
public final class Vocabulary {

    private final List<String> tokensById;
    private final Map<String, Integer> idsByToken;
    private final int padId;
    private final TokenizerSettings settings;

    private Vocabulary(
            List<String> tokensById,
            Map<String, Integer> idsByToken,
            TokenizerSettings settings,
            String source) {
        this.tokensById = List.copyOf(tokensById);
        this.idsByToken = Map.copyOf(idsByToken);
        this.settings = Objects.requireNonNull(settings, "settings");
        Integer pad = idsByToken.get(settings.padToken());
        if (pad == null) {
            throw new IllegalArgumentException(
                    source
                            + ": vocabulary must contain the pad token "
                            + settings.padToken()
                            + " (the CTC blank) but has only "
                            + describe(tokensById));
        }
        this.padId = pad;
    }

    /**
     * Builds a vocabulary with {@code Wav2Vec2CTCTokenizer}'s default settings.
     *
     * @param tokensById tokens in id order
     * @return the vocabulary
     * @throws IllegalArgumentException if a token is null or repeated, or {@code <pad>} is absent
     */
    public static Vocabulary of(List<String> tokensById) {
        return of(tokensById, TokenizerSettings.DEFAULTS);
    }

    /**
     * Builds a vocabulary whose token for id {@code i} is {@code tokensById.get(i)}.
     *
     * @param tokensById tokens in id order
     * @param settings the tokenizer settings its decoding applies
     * @return the vocabulary
     * @throws IllegalArgumentException if a token is null or repeated, or the settings' pad token
     *     is absent
     */
    public static Vocabulary of(List<String> tokensById, TokenizerSettings settings) {
        Objects.requireNonNull(tokensById, "tokensById");
        Map<String, Integer> ids = new HashMap<>();
        for (int id = 0; id < tokensById.size(); id++) {
            String token = tokensById.get(id);
            if (token == null) {
                throw new IllegalArgumentException("Token for id " + id + " must not be null");
            }
            Integer previous = ids.putIfAbsent(token, id);
            if (previous != null) {
                throw new IllegalArgumentException(
                        "Token '" + token + "' appears twice, at ids " + previous + " and " + id);
            }
        }
        return new Vocabulary(tokensById, ids, settings, "token list");
    }

    /**
     * Reads a transformers {@code vocab.json}: one JSON object mapping each token to its id, with
     * {@code Wav2Vec2CTCTokenizer}'s default settings.
     *
     * @param vocabJson the file
     * @return the vocabulary
     * @throws IOException if the file cannot be read or is not a valid vocabulary; the message
     *     names the file and, for JSON problems, the line and column
     */
    public static Vocabulary fromVocabJson(Path vocabJson) throws IOException {
        Objects.requireNonNull(vocabJson, "vocabJson");
        try (Reader reader = Files.newBufferedReader(vocabJson, StandardCharsets.UTF_8)) {
            return parseVocabJson(reader, vocabJson.toString());
        }
    }

    /**
     * Parses the text of a transformers {@code vocab.json}, with {@code Wav2Vec2CTCTokenizer}'s
     * default settings.
     *
     * @param json the JSON text
     * @param sourceName what to call the text in error messages, usually its file name
     * @return the vocabulary
     * @throws IOException if the text is not a valid vocabulary
     */
    public static Vocabulary parseVocabJson(String json, String sourceName) throws IOException {
        return parseVocabJson(new StringReader(json), sourceName);
    }

    private static Vocabulary parseVocabJson(Reader source, String sourceName) throws IOException {
        // Streamed rather than bound to a Map so that a duplicated key, which a Map would silently
        // collapse, is reported with its position.
        Map<String, Integer> ids = new LinkedHashMap<>();
        Map<Integer, String> tokens = new HashMap<>();
        try (JsonReader reader = new JsonReader(source)) {
            expect(reader, JsonToken.BEGIN_OBJECT, sourceName, "an object mapping token to id");
            reader.beginObject();
            while (reader.hasNext()) {
                String token = reader.nextName();
                expect(
                        reader,
                        JsonToken.NUMBER,
                        sourceName,
                        "an integer id for token '" + token + "'");
                String where = location(reader);
                int id;
                try {
                    id = reader.nextInt();
                } catch (NumberFormatException e) {
                    throw new IOException(
                            sourceName
                                    + ": id of token '"
                                    + token
                                    + "' must be an integer "
                                    + where,
                            e);
                }
                if (ids.containsKey(token)) {
                    throw new IOException(
                            sourceName + ": token '" + token + "' is listed twice " + where);
                }
                String other = tokens.putIfAbsent(id, token);
                if (other != null) {
                    throw new IOException(
                            sourceName
                                    + ": id "
                                    + id
                                    + " is given to both '"
                                    + other
                                    + "' and '"
                                    + token
                                    + "' "
                                    + where);
                }
                ids.put(token, id);
            }
            reader.endObject();
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new IOException(
                        sourceName
                                + ": expected end of file after the vocabulary object "
                                + location(reader));
            }
        } catch (MalformedJsonException | EOFException e) {
            throw new IOException(sourceName + ": not valid JSON: " + e.getMessage(), e);
        }
        List<String> tokensById = new ArrayList<>(ids.size());
        for (int id = 0; id < ids.size(); id++) {
            String token = tokens.get(id);
            if (token == null) {
                throw new IOException(
                        sourceName
                                + ": ids must run from 0 to "
                                + (ids.size() - 1)
                                + " without gaps, but id "
                                + id
                                + " is missing (ids present: "
                                + sortedIds(tokens)
                                + ")");
            }
            tokensById.add(token);
        }
        try {
            return new Vocabulary(tokensById, ids, TokenizerSettings.DEFAULTS, sourceName);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static void expect(
            JsonReader reader, JsonToken expected, String sourceName, String what)
            throws IOException {
        JsonToken actual = reader.peek();
        if (actual != expected) {
            throw new IOException(
                    sourceName
                            + ": expected "
                            + what
                            + " but found "
                            + actual
                            + " "
                            + location(reader));
        }
    }

    // JsonReader.toString() is "JsonReader at line L column C path P"; keep the position part.
    private static String location(JsonReader reader) {
        String description = reader.toString();
        int at = description.indexOf(" at line ");
        return at < 0 ? "" : description.substring(at + 1);
    }

    private static String sortedIds(Map<Integer, String> tokens) {
        return tokens.keySet().stream().sorted().toList().toString();
    }

    private static String describe(List<String> tokens) {
        return tokens.size() <= 40 ? tokens.toString() : tokens.size() + " tokens";
    }

    /**
     * @return the number of tokens, which must equal the model's logits width
     */
    public int size() {
        return tokensById.size();
    }

    /**
     * Looks up a token as transformers' {@code _convert_id_to_token} does.
     *
     * @param id a token id
     * @return the token, or the unknown token for an id outside {@code 0..size-1}
     */
    public String token(int id) {
        return id >= 0 && id < tokensById.size() ? tokensById.get(id) : settings.unkToken();
    }

    /**
     * @param token a token
     * @return its id, or -1 if the vocabulary lacks it
     */
    public int id(String token) {
        return idsByToken.getOrDefault(token, -1);
    }

    /**
     * @return the tokens in id order
     */
    public List<String> tokens() {
        return tokensById;
    }

    /**
     * @return the id of the pad token, which CTC uses as its blank
     */
    public int padId() {
        return padId;
    }

    /**
     * @return the pad token, the CTC blank
     */
    public String padToken() {
        return settings.padToken();
    }

    /**
     * @return the token decoded as {@link TokenizerSettings#replaceWordDelimiterChar()}
     */
    public String wordDelimiterToken() {
        return settings.wordDelimiterToken();
    }

    /**
     * @return the token an out-of-range id decodes to
     */
    public String unkToken() {
        return settings.unkToken();
    }

    /**
     * @return the tokenizer settings decoding applies
     */
    public TokenizerSettings settings() {
        return settings;
    }

    /**
     * Whether the text this vocabulary decodes to is lower case, so that scoring it against upper
     * case references needs case folding. True when {@link TokenizerSettings#doLowerCase()} is set,
     * or when the text tokens hold at least one lower-case letter and no upper-case one. Text
     * tokens are all tokens but the pad token (dropped), the word delimiter (replaced), the unknown
     * token and markup such as {@code <s>}, {@code </s>} or {@code [PAD]}: a token of two or more
     * characters in angle or square brackets, as transformers writes special tokens. A vocabulary
     * with both cases, or with no cased letter at all, is taken as written.
     *
     * @return whether decoded text is lower case
     */
    public boolean decodesLowerCase() {
        if (settings.doLowerCase()) {
            return true;
        }
        boolean lower = false;
        boolean upper = false;
        for (String token : tokensById) {
            if (isText(token)) {
                lower |= token.codePoints().anyMatch(Character::isLowerCase);
                upper |= token.codePoints().anyMatch(Character::isUpperCase);
            }
        }
        return lower && !upper;
    }

    /**
     * The characters greedy decoding can write: those of the text tokens (every token but the pad,
     * word-delimiter and unknown tokens and markup such as {@code <s>}) and of the word delimiter's
     * replacement, lower-cased too when {@code do_lower_case} is set. A reference character outside
     * this set counts as an error whatever the model hears.
     *
     * @return code points, in no particular order
     */
    public Set<Integer> writableCharacters() {
        Set<Integer> writable = new HashSet<>();
        settings.replaceWordDelimiterChar().codePoints().forEach(writable::add);
        for (String token : tokensById) {
            if (isText(token)) {
                token.codePoints().forEach(writable::add);
                if (settings.doLowerCase()) {
                    token.toLowerCase(Locale.ROOT).codePoints().forEach(writable::add);
                }
            }
        }
        return writable;
    }

    private boolean isText(String token) {
        boolean markup =
                token.length() >= 2
                        && (token.startsWith("<") && token.endsWith(">")
                                || token.startsWith("[") && token.endsWith("]"));
        return !markup
                && !token.equals(settings.padToken())
                && !token.equals(settings.wordDelimiterToken())
                && !token.equals(settings.unkToken());
    }

    @Override
    public String toString() {
        return "Vocabulary" + describe(tokensById);
    }
}
