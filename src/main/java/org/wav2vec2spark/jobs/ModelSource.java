package org.wav2vec2spark.jobs;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.wav2vec2spark.data.HadoopFiles;
import org.wav2vec2spark.jobs.executor.ModelLocation;
import org.wav2vec2spark.model.ModelDirectory;
import org.wav2vec2spark.model.ModelMetadata;
import org.wav2vec2spark.report.RunSummary;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The model directory a job runs: checked and described on the driver, located by executors through
 * a {@link ModelLocation}.
 *
 * @param location where executors find the model
 * @param info the model as the run summary describes it
 * @param exactBatching whether padded batches give each utterance its batch-size-1 logits
 */
record ModelSource(ModelLocation location, RunSummary.ModelInfo info, boolean exactBatching) {

    /** Checks the model directory exists and reads its metadata on the driver. */
    static ModelSource resolve(Configuration conf, String modelUri) throws IOException {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(modelUri);
        FileSystem fs = path.getFileSystem(conf);
        org.apache.hadoop.fs.Path qualified = fs.makeQualified(path);
        if (!fs.exists(qualified) || !fs.getFileStatus(qualified).isDirectory()) {
            throw new IllegalArgumentException("--model " + modelUri + " is not a folder");
        }
        ModelMetadata metadata = readMetadata(conf, qualified + "/" + ModelDirectory.METADATA_FILE);
        return new ModelSource(
                new ModelLocation(qualified.toString(), metadata.sha256()),
                new RunSummary.ModelInfo(
                        metadata.modelId(),
                        qualified.toString(),
                        metadata.sha256(),
                        metadata.dtype()),
                metadata.exactBatching());
    }

    private static ModelMetadata readMetadata(Configuration conf, String uri) throws IOException {
        Path local = ModelLocation.localPath(uri);
        if (local != null) {
            return ModelMetadata.read(local);
        }
        // ModelMetadata reads local files, so read a remote model.json through a local copy.
        Path copy = Files.createTempFile("model", ".json");
        try {
            try (OutputStream out = Files.newOutputStream(copy)) {
                HadoopFiles.copy(conf, uri, out);
            }
            return ModelMetadata.read(copy);
        } finally {
            Files.deleteIfExists(copy);
        }
    }
}
