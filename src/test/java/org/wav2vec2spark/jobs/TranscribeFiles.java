package org.wav2vec2spark.jobs;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The files of a transcribe job as tests that run it in another process read them. */
final class TranscribeFiles {

    private TranscribeFiles() {}

    /** The FLAC recordings below {@code input}, sorted. */
    static List<Path> flacRecordings(Path input) throws IOException {
        try (Stream<Path> files = Files.walk(input)) {
            return files.filter(f -> f.toString().endsWith(".flac")).sorted().toList();
        }
    }

    /** The rows of one run written with {@code --format jsonl}: its part files' lines. */
    static List<JsonObject> jsonRows(Path run) throws IOException {
        List<JsonObject> rows = new ArrayList<>();
        try (Stream<Path> files = Files.list(run)) {
            for (Path part :
                    files.filter(f -> f.getFileName().toString().startsWith("part-")).toList()) {
                for (String line : Files.readAllLines(part)) {
                    rows.add(JsonParser.parseString(line).getAsJsonObject());
                }
            }
        }
        return rows;
    }
}
