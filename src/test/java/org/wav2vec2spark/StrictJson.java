package org.wav2vec2spark;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;

import java.io.IOException;
import java.io.StringReader;

/**
 * Checks that what we write is JSON every reader accepts, for the tests of {@code summary.json}
 * (report) and of the nightly history (nightly).
 */
public final class StrictJson {

    private StrictJson() {}

    /** Parses as JavaScript's JSON.parse does: no NaN, no unquoted words. */
    public static JsonElement strictlyParsed(String json) throws IOException {
        JsonReader reader = new JsonReader(new StringReader(json));
        reader.setStrictness(Strictness.STRICT);
        return new Gson().getAdapter(JsonElement.class).read(reader);
    }
}
