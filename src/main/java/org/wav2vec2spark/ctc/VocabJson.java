package org.wav2vec2spark.ctc;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;

import java.io.EOFException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads a transformers {@code vocab.json}, one JSON object mapping each token to its id: into the
 * tokens by id, for a caller that takes the tokenizer settings from elsewhere, or into a {@link
 * Vocabulary} with {@code Wav2Vec2CTCTokenizer}'s default settings. Every problem is an {@link
 * IOException} whose message starts with the file name and, where the JSON says, ends with the
 * line, column and path: text that is not strict JSON (Python's {@code json.load}, which
 * transformers uses, is strict too), a top-level value that is not an object, an id that is not an
 * integer, a token listed twice, an id given to two tokens, ids that do not run from 0 without
 * gaps.
 *
 * <p>It is the project's one {@code vocab.json} parser: the model directory reads its vocabulary
 * through it too, so that what a job accepts and what the tests check are the same rules.
 */
public final class VocabJson {

    private static final int OUT_OF_RANGE_SHOWN = 5;

    private VocabJson() {}

    /**
     * Reads a transformers {@code vocab.json} into a vocabulary with {@code Wav2Vec2CTCTokenizer}'s
     * default settings.
     *
     * @param vocabJson the file
     * @return the vocabulary
     * @throws IOException if the file cannot be read or is not a valid vocabulary; the message
     *     names the file and, for JSON problems, the line and column
     */
    public static Vocabulary read(Path vocabJson) throws IOException {
        return withDefaults(readTokensById(vocabJson), vocabJson.toString());
    }

    /**
     * Reads the tokens of a transformers {@code vocab.json} in id order, checking that its ids run
     * from 0 without gaps but not which tokens it holds, so that the caller can apply the pad token
     * its tokenizer files name.
     *
     * @param vocabJson the file
     * @return an unmodifiable list whose element {@code i} is the token with id {@code i}
     * @throws IOException if the file cannot be read or does not map distinct tokens to the ids
     *     {@code 0..n-1}; the message names the file and, for JSON problems, the line and column
     */
    public static List<String> readTokensById(Path vocabJson) throws IOException {
        Objects.requireNonNull(vocabJson, "vocabJson");
        String json;
        try {
            // Read whole, so that a read error is told apart from a JSON error and named as one.
            json = Files.readString(vocabJson, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new IOException(
                    vocabJson + ": is not UTF-8 text, which transformers writes it as", e);
        } catch (IOException e) {
            throw new IOException(vocabJson + ": cannot be read", e);
        }
        return tokensById(new StringReader(json), vocabJson.toString());
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
    public static Vocabulary parse(String json, String sourceName) throws IOException {
        return withDefaults(tokensById(new StringReader(json), sourceName), sourceName);
    }

    private static Vocabulary withDefaults(List<String> tokensById, String sourceName)
            throws IOException {
        try {
            return Vocabulary.of(tokensById, TokenizerSettings.DEFAULTS, sourceName);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static List<String> tokensById(Reader source, String sourceName) throws IOException {
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
            requireEndOfDocument(reader, sourceName);
        } catch (MalformedJsonException | EOFException e) {
            throw new IOException(sourceName + ": not valid JSON: " + JsonSyntax.describe(e), e);
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
                                + " is missing (tokens with ids outside 0.."
                                + (ids.size() - 1)
                                + ": "
                                + outOfRange(ids)
                                + ")");
            }
            tokensById.add(token);
        }
        return List.copyOf(tokensById);
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

    private static void requireEndOfDocument(JsonReader reader, String sourceName)
            throws IOException {
        // A strict JsonReader refuses a second top-level value with advice to make it lenient,
        // which would tell a user nothing; say what is wrong instead.
        try {
            if (reader.peek() == JsonToken.END_DOCUMENT) {
                return;
            }
        } catch (MalformedJsonException e) {
            throw endOfDocumentExpected(reader, sourceName, e);
        }
        throw endOfDocumentExpected(reader, sourceName, null);
    }

    private static IOException endOfDocumentExpected(
            JsonReader reader, String sourceName, Exception cause) {
        return new IOException(
                sourceName
                        + ": expected end of file after the vocabulary object "
                        + location(reader),
                cause);
    }

    // JsonReader.toString() is "JsonReader at line L column C path P"; keep the position part.
    private static String location(JsonReader reader) {
        String description = reader.toString();
        int at = description.indexOf(" at line ");
        return at < 0 ? "" : description.substring(at + 1);
    }

    // The tokens whose ids lie outside 0..n-1, in file order: as many as there are missing ids,
    // and far fewer than the whole vocabulary, which can run to thousands of tokens.
    private static String outOfRange(Map<String, Integer> ids) {
        List<String> outside =
                ids.entrySet().stream()
                        .filter(e -> e.getValue() < 0 || e.getValue() >= ids.size())
                        .map(e -> "'" + e.getKey() + "' = " + e.getValue())
                        .toList();
        String shown =
                String.join(", ", outside.subList(0, Math.min(OUT_OF_RANGE_SHOWN, outside.size())));
        return outside.size() <= OUT_OF_RANGE_SHOWN
                ? shown
                : shown + " and " + (outside.size() - OUT_OF_RANGE_SHOWN) + " more";
    }
}
