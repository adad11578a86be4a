package org.wav2vec2spark.report;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;

import org.wav2vec2spark.ctc.JsonSyntax;

/**
 * Typed reads of JSON object members that name the missing member instead of returning null, and
 * the write of a rate that may be undefined. Public for the nightly history's records ({@code
 * nightly.HistoryRecord}), which share the split objects of {@link SummaryJson}.
 */
public final class JsonFields {

    private JsonFields() {}

    /**
     * The top-level object of a JSON text.
     *
     * @throws JsonParseException saying where the text stops being JSON (without Gson's advice to
     *     parse leniently, which is no help to a user), or that it holds no object
     */
    public static JsonObject parseObject(String text) {
        JsonElement root;
        try {
            root = JsonParser.parseString(text);
        } catch (JsonSyntaxException e) {
            throw new JsonParseException("not valid JSON: " + JsonSyntax.describe(e), e);
        }
        if (!root.isJsonObject()) {
            throw new JsonParseException("not a JSON object but " + abbreviate(root.toString()));
        }
        return root.getAsJsonObject();
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }

    /**
     * The member {@code name} of {@code json}.
     *
     * @throws JsonParseException naming the member when it is missing or null
     */
    public static JsonElement member(JsonObject json, String name) {
        JsonElement value = json.get(name);
        if (value == null || value.isJsonNull()) {
            throw new JsonParseException("field '" + name + "' is missing");
        }
        return value;
    }

    /** The member {@code name} as an object; see {@link #member}. */
    public static JsonObject object(JsonObject json, String name) {
        return member(json, name).getAsJsonObject();
    }

    /** The member {@code name} as a string; see {@link #member}. */
    public static String string(JsonObject json, String name) {
        return member(json, name).getAsString();
    }

    /**
     * The member {@code name} as a number; see {@link #member}.
     *
     * @throws JsonParseException when it is not a JSON number (Gson would read the string {@code
     *     "12"} as one)
     */
    public static double number(JsonObject json, String name) {
        return jsonNumber(json, name).getAsDouble();
    }

    /**
     * The member {@code name} as a whole number; see {@link #member}.
     *
     * @throws JsonParseException when it is not a JSON number, has a fraction ({@code 352.7}), or
     *     is beyond a long ({@code 1e30}), which Gson would truncate or wrap without a word
     */
    static long integer(JsonObject json, String name) {
        JsonElement value = jsonNumber(json, name);
        try {
            return value.getAsBigDecimal().longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw new JsonParseException(
                    "field '" + name + "' must be a whole number, got " + value, e);
        }
    }

    /**
     * The member {@code name} as a boolean; see {@link #member}.
     *
     * @throws JsonParseException when it is not {@code true} or {@code false}: Gson reads any other
     *     string as false
     */
    public static boolean bool(JsonObject json, String name) {
        JsonElement value = member(json, name);
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isBoolean()) {
            throw new JsonParseException(
                    "field '" + name + "' must be true or false, got " + value);
        }
        return value.getAsBoolean();
    }

    private static JsonElement jsonNumber(JsonObject json, String name) {
        JsonElement value = member(json, name);
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            throw new JsonParseException("field '" + name + "' must be a number, got " + value);
        }
        return value;
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
