package org.wav2vec2spark.jobs.executor;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

/**
 * Where executors find the model directory: read in place when it is a local path (local mode, or a
 * path every worker has, such as a shared mount), otherwise copied once per executor JVM from its
 * Hadoop file system (hdfs:, s3a:, ...) into a local cache named by a digest of its files. Before a
 * copy, partial copies that killed executors left there are deleted ({@link AbandonedCopies}).
 *
 * <p>Executors read the model themselves rather than through {@code SparkContext.addFile}: Spark 4
 * refuses local directories there outside local mode, and SQL executions (the Parquet write that
 * runs the evaluation) only see files added to their session.
 *
 * @param uri the model directory's URI, as the driver resolved it
 * @param filesDigest a digest of the directory's files (the driver's {@code ModelFilesDigest}): it
 *     names a remote directory's local copy, so a copy is reused only for the same files, and it is
 *     the version of the files in the executor's {@link org.wav2vec2spark.model.ModelCache}, so
 *     files changed since an earlier job are loaded anew
 */
public record ModelLocation(String uri, String filesDigest) implements Serializable {

    /** The local model directory on this executor. */
    Path resolveOnExecutor(Configuration conf) throws IOException {
        Path local = localPath(uri);
        return local != null ? local : copyOnce(conf);
    }

    /** The local path of a {@code file:} or scheme-less URI, or {@code null} for remote ones. */
    public static Path localPath(String uri) {
        // Hadoop's parser: the path strings it prints are unescaped ("a b", a literal "a%20b").
        URI parsed = new org.apache.hadoop.fs.Path(uri).toUri();
        if (parsed.getScheme() == null) {
            return Path.of(uri);
        }
        return "file".equals(parsed.getScheme()) ? Path.of(parsed) : null;
    }

    private Path copyOnce(Configuration conf) throws IOException {
        synchronized (ModelLocation.class) {
            Path cache =
                    Path.of(
                            System.getProperty("java.io.tmpdir"),
                            "wav2vec2-spark-models",
                            filesDigest);
            if (Files.isDirectory(cache)) {
                return cache;
            }
            Files.createDirectories(cache.getParent());
            AbandonedCopies.deleteIn(cache.getParent(), Instant.now());
            // Copy beside the target and rename, so no task ever sees a half-copied directory.
            Path partial = Files.createTempDirectory(cache.getParent(), "." + filesDigest);
            try {
                copyFiles(conf, partial);
            } catch (IOException | RuntimeException e) {
                // A model can be gigabytes; a failed copy must not stay in /tmp for each retry.
                try {
                    AbandonedCopies.deleteRecursively(partial);
                } catch (IOException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
            try {
                Files.move(partial, cache, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                // The lock is per JVM; executors on one host share java.io.tmpdir, so another
                // executor's complete copy may have landed first. Take it and drop ours.
                if (!Files.isDirectory(cache)) {
                    throw e;
                }
                AbandonedCopies.deleteRecursively(partial);
            }
            return cache;
        }
    }

    private void copyFiles(Configuration conf, Path target) throws IOException {
        org.apache.hadoop.fs.Path source = new org.apache.hadoop.fs.Path(uri);
        FileSystem fs = source.getFileSystem(conf);
        for (FileStatus file : fs.listStatus(source)) {
            if (file.isFile()) {
                fs.copyToLocalFile(
                        file.getPath(),
                        new org.apache.hadoop.fs.Path(
                                target.resolve(file.getPath().getName()).toUri()));
            }
        }
    }
}
