package org.wav2vec2spark.jobs.output;

import com.google.gson.JsonObject;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.wav2vec2spark.data.HadoopFiles;
import org.wav2vec2spark.report.JsonFields;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * How a transcribe run cut long recordings into windows, kept beside its rows as {@code
 * run=<n>/}{@value #FILE}. The rows do not show it, yet it changes the words at window edges, so a
 * rerun that resumes a folder must use the same chunking for the folder to hold one kind of
 * transcript. Spark's readers pass over files whose names start with {@code _}, so the file is not
 * read as a row.
 *
 * @param chunkSeconds window length ({@code --chunk-seconds}); 0: whole recordings
 * @param strideSeconds context dropped on each side of a window ({@code --stride-seconds}); 0 when
 *     there are no windows
 */
public record RunChunking(double chunkSeconds, double strideSeconds) {

    /**
     * The file's name inside a run folder: upper case and without extension, as Spark's {@code
     * _SUCCESS}, so that a glob for the JSON-lines parts ({@code *.json}) does not take it for one.
     */
    public static final String FILE = "_CHUNKING";

    /** Drops the stride when there are no windows, where it has no effect. */
    public RunChunking {
        if (chunkSeconds == 0) {
            strideSeconds = 0;
        }
    }

    /**
     * The options that give this chunking, as a user would type them: the stride is left out when
     * it is the default for the chunk ({@code chunk / 6}), and otherwise written in full, so that
     * typing the options back gives this chunking exactly.
     */
    public String asOptions() {
        if (chunkSeconds == 0) {
            return "--chunk-seconds 0";
        }
        String chunk = "--chunk-seconds " + seconds(chunkSeconds);
        return strideSeconds == chunkSeconds / 6
                ? chunk
                : chunk + " --stride-seconds " + seconds(strideSeconds);
    }

    /** Writes the chunking of a committed run into its folder. */
    public void writeTo(Configuration conf, String runUri) throws IOException {
        JsonObject json = new JsonObject();
        json.addProperty("chunk_seconds", chunkSeconds);
        json.addProperty("stride_seconds", strideSeconds);
        HadoopFiles.writeAtomically(
                conf, file(runUri), (json + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The chunking a run folder records, or {@code null} when it records none: a run written before
     * the file existed, or one killed between its commit and the file's write.
     *
     * @throws IOException when the file cannot be read or is not a chunking record (naming it)
     */
    public static RunChunking readFrom(Configuration conf, String runUri) throws IOException {
        String uri = file(runUri);
        Path path = new Path(uri);
        if (!path.getFileSystem(conf).exists(path)) {
            return null;
        }
        String text = new String(HadoopFiles.readAllBytes(conf, uri), StandardCharsets.UTF_8);
        try {
            JsonObject json = JsonFields.parseObject(text);
            return new RunChunking(number(json, "chunk_seconds"), number(json, "stride_seconds"));
        } catch (RuntimeException e) {
            throw new IOException(uri + " is not a chunking record: " + e.getMessage(), e);
        }
    }

    /** A member that is a finite number of seconds, at least 0, as {@link #writeTo} writes. */
    private static double number(JsonObject json, String name) {
        var value = json.get(name);
        if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            throw new IllegalStateException(
                    "'" + name + "' is " + (value == null ? "missing" : value) + ", not a number");
        }
        double seconds = value.getAsDouble();
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            throw new IllegalStateException("'" + name + "' is " + value + ", not seconds >= 0");
        }
        return seconds;
    }

    private static String file(String runUri) {
        return runUri + (runUri.endsWith("/") ? "" : "/") + FILE;
    }

    /** The shortest decimal that reads back as the same double ({@code 30}, not {@code 30.0}). */
    private static String seconds(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
