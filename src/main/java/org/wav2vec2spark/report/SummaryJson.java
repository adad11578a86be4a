package org.wav2vec2spark.report;

import static org.wav2vec2spark.report.JsonFields.integer;
import static org.wav2vec2spark.report.JsonFields.member;
import static org.wav2vec2spark.report.JsonFields.number;
import static org.wav2vec2spark.report.JsonFields.object;
import static org.wav2vec2spark.report.JsonFields.rate;
import static org.wav2vec2spark.report.JsonFields.string;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;

import org.wav2vec2spark.metrics.CaseFolding;
import org.wav2vec2spark.metrics.EditCounts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes and reads {@code summary.json}, the interface other tools and the nightly job read. Its
 * shape: {@code {"splits": {"test-clean": {"utterances", "failed", "words", "substitutions",
 * "deletions", "insertions", "wer", "cer", ...}}, "model": {...}, "run": {"audio_seconds",
 * "wall_seconds", "model_loads", ..., "case_folding"}, "failures": [...]}}, with rates as
 * fractions, as jiwer 4 computes them ({@link SplitSummary#wer}); a rate is {@code null} when no
 * utterance of the split was scored, since it is undefined and JSON has no NaN. The reader
 * recomputes the rates from the counts. {@code case_folding} is {@code none} when hypotheses were
 * compared with references as written and {@code upper} when both were upper-cased first (a model
 * that writes lower case); summaries written before it existed read as {@code none}.
 */
public final class SummaryJson {

    private SummaryJson() {}

    /** The summary as pretty-printed JSON. */
    public static String toJson(RunSummary summary) {
        JsonObject root = new JsonObject();
        JsonObject splits = new JsonObject();
        for (Map.Entry<String, SplitSummary> entry : summary.splits().entrySet()) {
            splits.add(entry.getKey(), splitToJson(entry.getValue()));
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
                        // "wer": null for a split with no scored reference word
                        .serializeNulls()
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
            JsonObject root = JsonFields.parseObject(json);
            Map<String, SplitSummary> splits = new TreeMap<>();
            for (Map.Entry<String, JsonElement> entry : object(root, "splits").entrySet()) {
                splits.put(
                        entry.getKey(),
                        splitFromJson(entry.getKey(), entry.getValue().getAsJsonObject()));
            }
            JsonObject model = object(root, "model");
            JsonObject run = object(root, "run");
            List<RunSummary.FailedUtterance> failures = new ArrayList<>();
            for (JsonElement item : member(root, "failures").getAsJsonArray()) {
                JsonObject failure = item.getAsJsonObject();
                failures.add(
                        new RunSummary.FailedUtterance(
                                string(failure, "split"),
                                string(failure, "id"),
                                string(failure, "error")));
            }
            return new RunSummary(
                    splits,
                    new RunSummary.ModelInfo(
                            string(model, "id"),
                            string(model, "uri"),
                            string(model, "sha256"),
                            string(model, "dtype")),
                    new RunSummary.RunInfo(
                            string(run, "started_at"),
                            string(run, "spark_master"),
                            number(run, "audio_seconds"),
                            number(run, "wall_seconds"),
                            integer(run, "model_loads"),
                            (int) integer(run, "executors"),
                            integer(run, "batches"),
                            number(run, "batch_fill"),
                            // absent from summaries written before the count was reported
                            run.has("out_of_memory_splits")
                                    ? integer(run, "out_of_memory_splits")
                                    : 0,
                            // absent from summaries written before case folding: as written
                            run.has("case_folding")
                                    ? CaseFolding.fromJsonName(string(run, "case_folding"))
                                    : CaseFolding.NONE),
                    failures);
        } catch (JsonParseException
                | IllegalStateException
                | UnsupportedOperationException
                | IllegalArgumentException e) {
            // Gson signals a wrong type with IllegalStateException or
            // UnsupportedOperationException.
            throw new IllegalArgumentException(
                    source + " is not a summary.json of this project: " + e.getMessage(), e);
        }
    }

    /** One split's object, the shape {@code summary.json} and the nightly history share. */
    public static JsonObject splitToJson(SplitSummary split) {
        JsonObject json = new JsonObject();
        EditCounts words = split.words();
        EditCounts chars = split.characters();
        json.addProperty("utterances", split.utterances());
        json.addProperty("failed", split.failed());
        json.addProperty("words", words.referenceLength());
        json.addProperty("substitutions", words.substitutions());
        json.addProperty("deletions", words.deletions());
        json.addProperty("insertions", words.insertions());
        rate(json, "wer", split.wer());
        json.addProperty("characters", chars.referenceLength());
        json.addProperty("character_substitutions", chars.substitutions());
        json.addProperty("character_deletions", chars.deletions());
        json.addProperty("character_insertions", chars.insertions());
        rate(json, "cer", split.cer());
        json.addProperty("audio_seconds", split.audioSeconds());
        return json;
    }

    /**
     * Reads one split's object written by {@link #splitToJson}.
     *
     * @throws JsonParseException naming a missing field or inconsistent counts
     */
    public static SplitSummary splitFromJson(String name, JsonObject json) {
        long utterances = integer(json, "utterances");
        long failed = integer(json, "failed");
        if (failed < 0 || failed > utterances) {
            throw new JsonParseException(
                    "failed " + failed + " is not between 0 and utterances " + utterances);
        }
        return new SplitSummary(
                name,
                utterances,
                failed,
                number(json, "audio_seconds"),
                counts(json, "words", ""),
                counts(json, "characters", "character_"));
    }

    private static EditCounts counts(JsonObject json, String lengthField, String prefix) {
        long length = integer(json, lengthField);
        long substitutions = integer(json, prefix + "substitutions");
        long deletions = integer(json, prefix + "deletions");
        if (substitutions + deletions > length) {
            throw new JsonParseException(
                    lengthField
                            + " "
                            + length
                            + " is less than "
                            + prefix
                            + "substitutions + "
                            + prefix
                            + "deletions");
        }
        return new EditCounts(
                length - substitutions - deletions,
                substitutions,
                deletions,
                integer(json, prefix + "insertions"));
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
        json.addProperty("out_of_memory_splits", run.outOfMemorySplits());
        json.addProperty("case_folding", run.caseFolding().jsonName());
        return json;
    }
}
