package org.wav2vec2spark.report;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;

/** Typed reads of JSON object members that name the missing member instead of returning null. */
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
}
