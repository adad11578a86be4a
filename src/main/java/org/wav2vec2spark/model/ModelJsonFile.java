package org.wav2vec2spark.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import org.wav2vec2spark.ctc.JsonSyntax;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the JSON files of a model directory ({@code model.json}, the tokenizer and feature
 * extractor settings), with errors that name the file, and the line and column where it stops being
 * JSON.
 */
final class ModelJsonFile {

    private ModelJsonFile() {}

    /**
     * Reads a JSON file of the model directory whose top level must be an object.
     *
     * @param file the file
     * @return its top-level object
     * @throws ModelLoadException naming the file when it is unreadable or not a JSON object
     */
    static JsonObject parseObject(Path file) throws ModelLoadException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            JsonElement root = JsonParser.parseReader(reader);
            if (!root.isJsonObject()) {
                throw new ModelLoadException(file + ": expected a JSON object but found " + root);
            }
            return root.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new ModelLoadException(file + ": not valid JSON: " + JsonSyntax.describe(e), e);
        } catch (IOException e) {
            throw new ModelLoadException(file + ": cannot be read", e);
        }
    }
}
