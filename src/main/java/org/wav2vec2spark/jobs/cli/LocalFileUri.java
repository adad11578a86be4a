package org.wav2vec2spark.jobs.cli;

import java.nio.file.Path;

/**
 * A path on the driver's disk as a location the jobs take: an absolute {@code file:} URI in
 * Hadoop's spelling ({@code file:/opt/w2v/runs}), which Spark and Hadoop read as local whatever the
 * default file system is. The bundled defaults and a preset's relative paths are such places.
 */
public final class LocalFileUri {

    private LocalFileUri() {}

    /**
     * The location of a local path.
     *
     * @param path an absolute path, or one relative to the working directory
     * @return {@code file:} and the absolute, normalised path
     */
    public static String of(String path) {
        return "file:" + Path.of(path).toAbsolutePath().normalize();
    }
}
