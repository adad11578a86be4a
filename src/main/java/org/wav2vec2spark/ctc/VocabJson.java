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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads a transformers {@code vocab.json}, one JSON object mapping each token to its id, into a
 * {@link Vocabulary} with {@code Wav2Vec2CTCTokenizer}'s default settings. Every problem is an
 * {@link IOException} naming the file and, where the JSON says, the line, column and path: a
 * duplicated token or id, an id that is not an integer, ids with a gap, a missing pad token.
 */
public final class VocabJson {

    private VocabJson() {}

    /**
     * Reads a transformers {@code vocab.json}: one JSON object mapping each token to its id, with
     * {@code Wav2Vec2CTCTokenizer}'s default settings.
     *
     * @param vocabJson the file
     * @return the vocabulary
     * @throws IOException if the file cannot be read or is not a valid vocabulary; the message
     *     names the file and, for JSON problems, the line and column
     */
    public static Vocabulary read(Path vocabJson) throws IOException {
        Objects.requireNonNull(vocabJson, "vocabJson");
        try (Reader reader = Files.newBufferedReader(vocabJson, StandardCharsets.UTF_8)) {
            return parse(reader, vocabJson.toString());
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
    public static Vocabulary parse(String json, String sourceName) throws IOException {
        return parse(new StringReader(json), sourceName);
    }

    private static Vocabulary parse(Reader source, String sourceName) throws IOException {
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
            return Vocabulary.of(tokensById, TokenizerSettings.DEFAULTS, sourceName);
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
}
