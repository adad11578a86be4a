package org.wav2vec2spark.nightly;

import static org.wav2vec2spark.report.JsonFields.bool;
import static org.wav2vec2spark.report.JsonFields.number;
import static org.wav2vec2spark.report.JsonFields.object;
import static org.wav2vec2spark.report.JsonFields.string;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;

import org.wav2vec2spark.report.JsonFields;
import org.wav2vec2spark.report.SplitSummary;
import org.wav2vec2spark.report.SummaryJson;

import java.util.Map;
import java.util.TreeMap;

/**
 * One run in the nightly history, a JSON object on one line of the history file.
 *
 * <p>Fields: {@code run_time} (when the nightly check ran), {@code started_at} (when the evaluation
 * started), {@code project_commit}, {@code model} {@code {id, sha256}}, {@code data_fingerprint}
 * ({@link DataFingerprint}), {@code splits} (per split: utterances, failed, words, substitutions,
 * deletions, insertions, wer, characters, character_substitutions, character_deletions,
 * character_insertions, cer, audio_seconds, as in {@link SummaryJson}: a rate is null when no
 * reference word was scored), {@code throughput} {@code {audio_seconds, wall_seconds, rtfx}},
 * {@code output_uri} (the run's folder, whose {@code utterances/} the next night pairs with) and
 * {@code regressed} (whether the nightly check failed it; such runs are not used as baselines).
 *
 * @param runTime ISO-8601 time of the nightly check
 * @param startedAt ISO-8601 start of the evaluation
 * @param projectCommit git commit of the project, or {@code unknown}
 * @param modelId model id from the model's metadata
 * @param modelSha256 checksum of the model file
 * @param dataFingerprint {@link DataFingerprint} of the run's utterances
 * @param splits per-split totals, by split name
 * @param audioSeconds audio scored
 * @param wallSeconds wall time of the evaluation
 * @param rtfx audio seconds per wall second
 * @param outputUri the run's output folder
 * @param regressed whether the nightly check reported a regression for this run
 */
public record HistoryRecord(
        String runTime,
        String startedAt,
        String projectCommit,
        String modelId,
        String modelSha256,
        String dataFingerprint,
        Map<String, SplitSummary> splits,
        double audioSeconds,
        double wallSeconds,
        double rtfx,
        String outputUri,
        boolean regressed) {

    private static final Gson GSON =
            // "wer": null for a split with no scored reference word, as in summary.json
            new GsonBuilder().serializeNulls().create();

    /** Copies the split map so the record is immutable and ordered by split name. */
    public HistoryRecord {
        splits = java.util.Collections.unmodifiableMap(new TreeMap<>(splits));
    }

    /** This record with another {@code regressed} flag. */
    public HistoryRecord withRegressed(boolean value) {
        return new HistoryRecord(
                runTime,
                startedAt,
                projectCommit,
                modelId,
                modelSha256,
                dataFingerprint,
                splits,
                audioSeconds,
                wallSeconds,
                rtfx,
                outputUri,
                value);
    }

    /** Whether a run with this record can be paired with {@code other}: same data, same splits. */
    public boolean comparableTo(HistoryRecord other) {
        return dataFingerprint.equals(other.dataFingerprint)
                && splits.keySet().equals(other.splits.keySet());
    }

    /** The record as one line of JSON, without the line break. */
    public String toJsonLine() {
        JsonObject json = new JsonObject();
        json.addProperty("run_time", runTime);
        json.addProperty("started_at", startedAt);
        json.addProperty("project_commit", projectCommit);
        JsonObject model = new JsonObject();
        model.addProperty("id", modelId);
        model.addProperty("sha256", modelSha256);
        json.add("model", model);
        json.addProperty("data_fingerprint", dataFingerprint);
        JsonObject splitsJson = new JsonObject();
        splits.forEach((name, split) -> splitsJson.add(name, SummaryJson.splitToJson(split)));
        json.add("splits", splitsJson);
        JsonObject throughput = new JsonObject();
        throughput.addProperty("audio_seconds", audioSeconds);
        throughput.addProperty("wall_seconds", wallSeconds);
        throughput.addProperty("rtfx", rtfx);
        json.add("throughput", throughput);
        json.addProperty("output_uri", outputUri);
        json.addProperty("regressed", regressed);
        return GSON.toJson(json);
    }

    /**
     * Parses one line of the history file.
     *
     * @param line the line
     * @param location {@code file:line} for messages
     * @throws IllegalArgumentException naming the location and what is wrong
     */
    public static HistoryRecord fromJsonLine(String line, String location) {
        try {
            JsonObject json = JsonFields.parseObject(line);
            JsonObject model = object(json, "model");
            JsonObject throughput = object(json, "throughput");
            Map<String, SplitSummary> splits = new TreeMap<>();
            for (Map.Entry<String, JsonElement> entry : object(json, "splits").entrySet()) {
                splits.put(
                        entry.getKey(),
                        SummaryJson.splitFromJson(
                                entry.getKey(), entry.getValue().getAsJsonObject()));
            }
            return new HistoryRecord(
                    string(json, "run_time"),
                    string(json, "started_at"),
                    string(json, "project_commit"),
                    string(model, "id"),
                    string(model, "sha256"),
                    string(json, "data_fingerprint"),
                    splits,
                    number(throughput, "audio_seconds"),
                    number(throughput, "wall_seconds"),
                    number(throughput, "rtfx"),
                    string(json, "output_uri"),
                    bool(json, "regressed"));
        } catch (JsonParseException
                | IllegalStateException
                | UnsupportedOperationException
                | IllegalArgumentException e) {
            // IllegalArgumentException: a number that is none (NumberFormatException) or a count
            // EditCounts refuses, such as "insertions": -1.
            throw new IllegalArgumentException(
                    location
                            + ": expected a run record (one JSON object per line) but "
                            + e.getMessage(),
                    e);
        }
    }
}
