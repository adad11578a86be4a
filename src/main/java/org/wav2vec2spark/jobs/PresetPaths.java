package org.wav2vec2spark.jobs;

import org.wav2vec2spark.data.EvaluationData;
import org.wav2vec2spark.data.HadoopFiles;
import org.wav2vec2spark.jobs.cli.LocalFileUri;

import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Where a relative path in a preset ({@code conf/*.properties}) points: beside the preset file, as
 * relative paths in a configuration file usually do, so that a preset works from any working
 * directory ({@code data = ../data-samples/LibriSpeech} in {@code conf/samples.properties}). Such a
 * path becomes a {@code file:} URI, as it is on the driver's disk even when {@code fs.defaultFS}
 * names HDFS. Only the options that take a location are resolved; a URI with a scheme ({@code
 * hdfs://}, {@code s3a://}, {@code file:}) and an absolute path are kept as written.
 */
final class PresetPaths {

    /** The evaluate options whose values are locations. */
    static final Set<String> LOCATION_OPTIONS = Set.of("data", "model", "output");

    /** The location option that takes a comma-separated list (folders, archives, Parquet files). */
    private static final String LIST_OPTION = "data";

    private static final Pattern URI_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

    private PresetPaths() {}

    /**
     * The value of a preset key as the job should read it.
     *
     * @param preset the preset file the value came from
     * @param key the option name
     * @param value the value as written in the preset
     * @return {@code value} with each relative path resolved against the preset's folder when
     *     {@code key} takes a location ({@code data} takes a comma-separated list of them); else
     *     {@code value} unchanged
     * @throws IllegalArgumentException naming the preset and key when a location starts with {@code
     *     ~}
     */
    static String resolve(Path preset, String key, String value) {
        if (!LOCATION_OPTIONS.contains(key)) {
            return value;
        }
        if (!key.equals(LIST_OPTION)) {
            return resolveOne(preset, key, value);
        }
        return EvaluationData.locations(value).stream()
                .map(entry -> resolveOne(preset, key, entry))
                .collect(Collectors.joining(","));
    }

    private static String resolveOne(Path preset, String key, String location) {
        if (HadoopFiles.startsWithTilde(location)) {
            // Taken for a relative path, it named a folder "~" beside the preset.
            throw new IllegalArgumentException(
                    preset
                            + ": "
                            + key
                            + " = "
                            + location
                            + ": '~' is not expanded in a preset; give the path from /");
        }
        if (location.isEmpty()
                || URI_SCHEME.matcher(location).find()
                || Path.of(location).isAbsolute()) {
            return location;
        }
        return LocalFileUri.of(preset.toAbsolutePath().getParent().resolve(location).toString());
    }
}
