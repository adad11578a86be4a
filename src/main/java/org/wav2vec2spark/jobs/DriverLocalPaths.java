package org.wav2vec2spark.jobs;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkConf;
import org.wav2vec2spark.data.HadoopFiles;
import org.wav2vec2spark.jobs.executor.ModelLocation;
import org.wav2vec2spark.model.ModelDirectory;

import scala.Tuple2;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Which locations are on the driver's own disk, decided before a Spark session exists, so that a
 * missing local input is refused in milliseconds. A {@code file:} URI is local; a path without a
 * scheme is local only when Hadoop's default file system is, as Spark resolves such a path against
 * {@code fs.defaultFS}: on a cluster whose {@code core-site.xml} names HDFS, {@code /data/x} is on
 * HDFS and is checked once the session lists it.
 *
 * <p>The default file system is read as Spark will set it: {@code spark.hadoop.fs.defaultFS} from
 * the job's {@code --conf} or from spark-submit, over the Hadoop configuration on the classpath
 * ({@code HADOOP_CONF_DIR}, which spark-submit adds).
 */
final class DriverLocalPaths {
    private static final String SPARK_HADOOP = "spark.hadoop.";

    private final Configuration hadoop;
    private final boolean defaultIsLocal;

    private DriverLocalPaths(Configuration hadoop, boolean defaultIsLocal) {
        this.hadoop = hadoop;
        this.defaultIsLocal = defaultIsLocal;
    }

    /**
     * The driver's view before its session starts.
     *
     * @param sparkConf the job's own {@code --conf} settings, which win over spark-submit's
     */
    static DriverLocalPaths of(Map<String, String> sparkConf) {
        SparkConf conf = new SparkConf();
        sparkConf.forEach(conf::set);
        Configuration hadoop = new Configuration();
        // As Spark builds its Hadoop configuration: every spark.hadoop.* key, so the deprecated
        // fs.default.name counts too.
        for (Tuple2<String, String> entry : conf.getAllWithPrefix(SPARK_HADOOP)) {
            hadoop.set(entry._1(), entry._2());
        }
        try {
            return new DriverLocalPaths(
                    hadoop, "file".equals(FileSystem.getDefaultUri(hadoop).getScheme()));
        } catch (IllegalArgumentException e) { // not a URI: Hadoop says so once the session starts
            return new DriverLocalPaths(hadoop, false);
        }
    }

    /** The Hadoop configuration the session will have, as far as the driver's settings tell. */
    Configuration hadoopConfiguration() {
        return hadoop;
    }

    /**
     * The local path of a location, or {@code null} when it is remote or may be: a URI with another
     * scheme, or a path without one while the default file system is not local.
     *
     * @param option the option that gave the location, which an error names
     * @param location the location
     * @throws IllegalArgumentException naming the option and location when Hadoop cannot read it as
     *     a path ({@code file:relative}, a colon in a relative path, {@code file://host/})
     */
    Path localPath(String option, String location) {
        if (location.isEmpty()) {
            return null;
        }
        // First, so that "~/data" is named as the shell's, not as a folder that does not exist.
        org.apache.hadoop.fs.Path path = HadoopFiles.pathOf(option, location);
        try {
            boolean schemeLess = path.toUri().getScheme() == null;
            return schemeLess && !defaultIsLocal ? null : ModelLocation.localPath(location);
        } catch (IllegalArgumentException e) {
            throw HadoopFiles.unreadablePath(option, location, e);
        }
    }

    /**
     * Refuses a local model folder that does not open as one ({@link ModelDirectory#open}); a
     * remote one is checked once the session reads it.
     *
     * @param option how errors name the option: {@code --model}, or the preset key it came from
     * @throws IllegalArgumentException naming the option, the location and what is wrong
     */
    void requireModel(String option, String modelUri) {
        Path local = localPath(option, modelUri);
        if (local != null) {
            try {
                ModelDirectory.open(local);
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        option + " " + modelUri + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Refuses a local location that does not exist; a remote one is checked once the session lists
     * it.
     *
     * @throws IllegalArgumentException naming the option and the location
     */
    void requireExisting(String option, String location) {
        Path local = localPath(option, location);
        if (local != null && !Files.exists(local)) {
            throw new IllegalArgumentException(option + " " + location + " does not exist");
        }
    }
}
