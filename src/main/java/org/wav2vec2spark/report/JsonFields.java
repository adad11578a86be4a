package org.wav2vec2spark.report;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;

/**
 * Typed reads of JSON object members that name the missing member instead of returning null, and
 * the write of a rate that may be undefined.
 */
final class JsonFields {

    private JsonFields() {}

    static JsonElement member(JsonObject json, String name) {
        JsonElement value = json.get(name);
        if (value == null || value.isJsonNull()) {
            throw new JsonParseException("field '" + name + "' is missing");
        }
        return value;
    }

    static JsonObject object(JsonObject json, String name) {
        return member(json, name).getAsJsonObject();
    }

    static String string(JsonObject json, String name) {
        return member(json, name).getAsString();
    }

    static double number(JsonObject json, String name) {
        return member(json, name).getAsDouble();
    }

    static long integer(JsonObject json, String name) {
        return member(json, name).getAsLong();
    }

    /**
     * Adds a rate, or {@code null} when it is not finite (NaN: no reference token was scored). JSON
     * has no NaN; Gson would write a bare {@code NaN} that JavaScript's {@code JSON.parse}, Go and
     * jq reject. The writer must serialise nulls, or the member is left out.
     */
    static void rate(JsonObject json, String name, double rate) {
        if (Double.isFinite(rate)) {
            json.addProperty(name, rate);
        } else {
            json.add(name, JsonNull.INSTANCE);
        }
    }
}
