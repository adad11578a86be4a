package org.wav2vec2spark.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The bundled model directory (the small model trained by scripts/train/, exported with exact
 * batching), and editable copies of it.
 */
final class BundledModel {

    /** model.json's model_id of the bundled model. */
    static final String MODEL_ID = "wav2vec2-spark/synthetic-small";

    /** The committed directory; Surefire runs tests from the project root. */
    static final Path DIRECTORY = Path.of("data-samples", "model");

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    private BundledModel() {}

    /** Copies the bundled directory's files into {@code target} and returns it. */
    static Path copyTo(Path target) {
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            Files.createDirectories(target);
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy " + DIRECTORY + " to " + target, e);
        }
    }

    /** Rewrites a JSON object file in place. */
    static void editJson(Path file, Consumer<JsonObject> edit) {
        try {
            JsonObject json =
                    GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), JsonObject.class);
            edit.accept(json);
            Files.writeString(file, GSON.toJson(json), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot edit " + file, e);
        }
    }

    /** Drops the last token ("Z", id 31) from a copy's vocab.json. */
    static void dropLastToken(Path directory) {
        editJson(directory.resolve(ModelDirectory.VOCABULARY_FILE), vocab -> vocab.remove("Z"));
    }
}
