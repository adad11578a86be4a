package org.wav2vec2spark.jobs;

import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaSparkContext;
import org.wav2vec2spark.data.HadoopFiles;
import org.wav2vec2spark.model.ModelDirectory;
import org.wav2vec2spark.model.ModelMetadata;
import org.wav2vec2spark.report.RunSummary;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The model directory as the job ships it: registered with {@code SparkContext.addFile} so every
 * executor gets a local copy (from any Hadoop file system), described in the run summary.
 */
final class ModelSource {
    private final String fileName;
    private final RunSummary.ModelInfo info;

    private ModelSource(String fileName, RunSummary.ModelInfo info) {
        this.fileName = fileName;
        this.info = info;
    }

    /** Ships the model directory to executors and reads its metadata on the driver. */
    static ModelSource register(JavaSparkContext jsc, String modelUri) throws IOException {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(modelUri);
        FileSystem fs = path.getFileSystem(jsc.hadoopConfiguration());
        org.apache.hadoop.fs.Path qualified = fs.makeQualified(path);
        if (!fs.exists(qualified) || !fs.getFileStatus(qualified).isDirectory()) {
            throw new IllegalArgumentException("--model " + modelUri + " is not a folder");
        }
        jsc.sc().addFile(qualified.toString(), true);
        ModelMetadata metadata = readMetadata(jsc, qualified + "/" + ModelDirectory.METADATA_FILE);
        return new ModelSource(
                qualified.getName(),
                new RunSummary.ModelInfo(
                        metadata.modelId(),
                        qualified.toString(),
                        metadata.sha256(),
                        metadata.dtype()));
    }

    private static ModelMetadata readMetadata(JavaSparkContext jsc, String uri) throws IOException {
        Path local = localPath(uri);
        if (local != null) {
            return ModelMetadata.read(local);
        }
        // ModelMetadata reads local files; a remote model.json is small, so read it through a copy.
        Path copy = Files.createTempFile("model", ".json");
        try {
            Files.write(copy, HadoopFiles.readAllBytes(jsc.hadoopConfiguration(), uri));
            return ModelMetadata.read(copy);
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    /**
     * The local path of a {@code file:} or scheme-less model URI, or {@code null} for remote ones.
     */
    static Path localPath(String modelUri) {
        URI uri = URI.create(modelUri);
        if (uri.getScheme() == null) {
            return Path.of(modelUri);
        }
        return "file".equals(uri.getScheme()) ? Path.of(uri) : null;
    }

    /** The name executors resolve with {@code SparkFiles.get}. */
    String fileName() {
        return fileName;
    }

    /** The model as the summary describes it. */
    RunSummary.ModelInfo info() {
        return info;
    }
}
