package org.wav2vec2spark.jobs;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.wav2vec2spark.ctc.Vocabulary;
import org.wav2vec2spark.data.HadoopFiles;
import org.wav2vec2spark.jobs.executor.ModelLocation;
import org.wav2vec2spark.model.ModelDirectory;
import org.wav2vec2spark.model.ModelLoadException;
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
        String cacheKey =
                ModelCacheKey.of(conf, qualified, metadata.torchscript(), metadata.sha256());
        return new ModelSource(
                new ModelLocation(qualified.toString(), cacheKey),
                new RunSummary.ModelInfo(
                        metadata.modelId(),
                        qualified.toString(),
                        metadata.sha256(),
                        metadata.dtype()),
                metadata.exactBatching());
    }

    /**
     * The model's vocabulary and tokenizer settings, read on the driver: in place for a local
     * directory, otherwise through a local copy of its {@link ModelDirectory#TOKENIZER_FILES}.
     *
     * @throws IOException naming the file that cannot be read or applied
     */
    Vocabulary vocabulary(Configuration conf) throws IOException {
        Path local = ModelLocation.localPath(location.uri());
        if (local != null) {
            return ModelDirectory.readVocabulary(local);
        }
        Path copy = Files.createTempDirectory("model-tokenizer");
        try {
            for (String name : ModelDirectory.TOKENIZER_FILES) {
                org.apache.hadoop.fs.Path file =
                        new org.apache.hadoop.fs.Path(location.uri() + "/" + name);
                if (file.getFileSystem(conf).exists(file)) {
                    try (OutputStream out = Files.newOutputStream(copy.resolve(name))) {
                        HadoopFiles.copy(conf, file.toString(), out);
                    }
                }
            }
            return ModelDirectory.readVocabulary(copy);
        } catch (ModelLoadException e) {
            // Name the model's own files, not the temporary copies.
            throw new ModelLoadException(
                    e.getMessage().replace(copy.toString(), location.uri()), e);
        } finally {
            for (String name : ModelDirectory.TOKENIZER_FILES) {
                Files.deleteIfExists(copy.resolve(name));
            }
            Files.deleteIfExists(copy);
        }
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
