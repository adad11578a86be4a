package org.wav2vec2spark.report;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import org.wav2vec2spark.metrics.EditCounts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes and reads {@code summary.json}, the interface other tools and the nightly job read. Its
 * shape: {@code {"splits": {"test-clean": {"utterances", "failed", "words", "substitutions",
 * "deletions", "insertions", "wer", "cer", ...}}, "model": {...}, "run": {"audio_seconds",
 * "wall_seconds", "model_loads", ...}, "failures": [...]}}, with rates as fractions.
 */
public final class SummaryJson {

    private SummaryJson() {}

    /** The summary as pretty-printed JSON. */
    public static String toJson(RunSummary summary) {
        JsonObject root = new JsonObject();
        JsonObject splits = new JsonObject();
        for (Map.Entry<String, SplitSummary> entry : summary.splits().entrySet()) {
            splits.add(entry.getKey(), split(entry.getValue()));
        }
        root.add("splits", splits);
        root.add("model", model(summary.model()));
        root.add("run", run(summary.run()));
        JsonArray failures = new JsonArray();
        for (RunSummary.FailedUtterance failure : summary.failures()) {
            JsonObject item = new JsonObject();
            item.addProperty("split", failure.split());
            item.addProperty("id", failure.id());
            item.addProperty("error", failure.error());
            failures.add(item);
        }
        root.add("failures", failures);
        return new GsonBuilder()
                        .setPrettyPrinting()
                        .serializeSpecialFloatingPointValues()
                        .create()
                        .toJson(root)
                + "\n";
    }

    /**
     * Reads a summary written by {@link #toJson}.
     *
     * @param json the file's content
     * @param source the file's name, for messages
     * @throws IllegalArgumentException naming the file and the field when it is not a summary
     */
    public static RunSummary fromJson(String json, String source) {
        try {
            JsonObject root = JsonParser.parseString(json).getAsJsonObject();
            Map<String, SplitSummary> splits = new TreeMap<>();
            for (Map.Entry<String, JsonElement> entry : root.getAsJsonObject("splits").entrySet()) {
                JsonObject split = entry.getValue().getAsJsonObject();
                splits.put(
                        entry.getKey(),
                        new SplitSummary(
                                entry.getKey(),
                                split.get("utterances").getAsLong(),
                                split.get("failed").getAsLong(),
                                split.get("audio_seconds").getAsDouble(),
                                counts(split, "words", ""),
                                counts(split, "characters", "character_")));
            }
            JsonObject model = root.getAsJsonObject("model");
            JsonObject run = root.getAsJsonObject("run");
            List<RunSummary.FailedUtterance> failures = new ArrayList<>();
            for (JsonElement item : root.getAsJsonArray("failures")) {
                JsonObject failure = item.getAsJsonObject();
                failures.add(
                        new RunSummary.FailedUtterance(
                                failure.get("split").getAsString(),
                                failure.get("id").getAsString(),
                                failure.get("error").getAsString()));
            }
            return new RunSummary(
                    splits,
                    new RunSummary.ModelInfo(
                            model.get("id").getAsString(),
                            model.get("uri").getAsString(),
                            model.get("sha256").getAsString(),
                            model.get("dtype").getAsString()),
                    new RunSummary.RunInfo(
                            run.get("started_at").getAsString(),
                            run.get("spark_master").getAsString(),
                            run.get("audio_seconds").getAsDouble(),
                            run.get("wall_seconds").getAsDouble(),
                            run.get("model_loads").getAsLong(),
                            run.get("executors").getAsInt(),
                            run.get("batches").getAsLong(),
                            run.get("batch_fill").getAsDouble()),
                    failures);
        } catch (JsonParseException | IllegalStateException | NullPointerException e) {
            // Gson signals a missing member with null and a wrong type with IllegalStateException.
            throw new IllegalArgumentException(
                    source + " is not a summary.json of this project: " + e, e);
        }
    }

    private static EditCounts counts(JsonObject split, String lengthField, String prefix) {
        long length = split.get(lengthField).getAsLong();
        long substitutions = split.get(prefix + "substitutions").getAsLong();
        long deletions = split.get(prefix + "deletions").getAsLong();
        return new EditCounts(
                length - substitutions - deletions,
                substitutions,
                deletions,
                split.get(prefix + "insertions").getAsLong());
    }

    private static JsonObject split(SplitSummary split) {
        JsonObject json = new JsonObject();
        EditCounts words = split.words();
        EditCounts chars = split.characters();
        json.addProperty("utterances", split.utterances());
        json.addProperty("failed", split.failed());
        json.addProperty("words", words.referenceLength());
        json.addProperty("substitutions", words.substitutions());
        json.addProperty("deletions", words.deletions());
        json.addProperty("insertions", words.insertions());
        json.addProperty("wer", split.wer());
        json.addProperty("characters", chars.referenceLength());
        json.addProperty("character_substitutions", chars.substitutions());
        json.addProperty("character_deletions", chars.deletions());
        json.addProperty("character_insertions", chars.insertions());
        json.addProperty("cer", split.cer());
        json.addProperty("audio_seconds", split.audioSeconds());
        return json;
    }

    private static JsonObject model(RunSummary.ModelInfo model) {
        JsonObject json = new JsonObject();
        json.addProperty("id", model.id());
        json.addProperty("uri", model.uri());
        json.addProperty("sha256", model.sha256());
        json.addProperty("dtype", model.dtype());
        return json;
    }

    private static JsonObject run(RunSummary.RunInfo run) {
        JsonObject json = new JsonObject();
        json.addProperty("started_at", run.startedAt());
        json.addProperty("spark_master", run.sparkMaster());
        json.addProperty("audio_seconds", run.audioSeconds());
        json.addProperty("wall_seconds", run.wallSeconds());
        json.addProperty("rtfx", run.realTimeFactor());
        json.addProperty("model_loads", run.modelLoads());
        json.addProperty("executors", run.executors());
        json.addProperty("batches", run.batches());
        json.addProperty("batch_fill", run.batchFill());
        return json;
    }
}
