package org.wav2vec2spark.jobs;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.wav2vec2spark.ctc.Vocabulary;
import org.wav2vec2spark.data.HadoopFiles;
import org.wav2vec2spark.jobs.executor.ModelLocation;
import org.wav2vec2spark.model.FrameCounter;
import org.wav2vec2spark.model.ModelDirectory;
import org.wav2vec2spark.model.ModelLoadException;
import org.wav2vec2spark.model.ModelMetadata;
import org.wav2vec2spark.report.RunSummary;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The model directory a job runs: checked and described on the driver, located by executors through
 * a {@link ModelLocation}.
 *
 * @param location where executors find the model
 * @param info the model as the run summary describes it
 * @param exactBatching whether padded batches give each utterance its batch-size-1 logits
 * @param samplesPerFrame audio samples per logit frame ({@link ModelMetadata#samplesPerFrame})
 * @param minimumSamples the shortest input that gives a frame, the encoder's receptive field
 *     ({@link FrameCounter#minimumSamples})
 */
record ModelSource(
        ModelLocation location,
        RunSummary.ModelInfo info,
        boolean exactBatching,
        int samplesPerFrame,
        int minimumSamples) {

    /** Checks the model directory exists and reads its metadata on the driver. */
    static ModelSource resolve(Configuration conf, String modelUri) throws IOException {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(modelUri);
        FileSystem fs = HadoopFiles.fileSystemOf(conf, path, "--model");
        org.apache.hadoop.fs.Path qualified = fs.makeQualified(path);
        if (!fs.exists(qualified) || !fs.getFileStatus(qualified).isDirectory()) {
            throw new IllegalArgumentException("--model " + modelUri + " is not a folder");
        }
        ModelMetadata metadata = readMetadata(conf, qualified.toString());
        String filesDigest =
                ModelFilesDigest.of(conf, qualified, metadata.torchscript(), metadata.sha256());
        return new ModelSource(
                new ModelLocation(qualified.toString(), filesDigest),
                new RunSummary.ModelInfo(
                        metadata.modelId(),
                        qualified.toString(),
                        metadata.sha256(),
                        metadata.dtype()),
                metadata.exactBatching(),
                metadata.samplesPerFrame(),
                FrameCounter.of(metadata).minimumSamples());
    }

    /**
     * The model's vocabulary and tokenizer settings, read on the driver from its {@code vocab.json}
     * and {@link ModelDirectory#TOKENIZER_FILES}.
     *
     * @throws IOException naming the file that cannot be read or applied
     */
    Vocabulary vocabulary(Configuration conf) throws IOException {
        return readFiles(
                conf,
                location.uri(),
                ModelDirectory.TOKENIZER_FILES,
                ModelDirectory::readVocabulary);
    }

    private static ModelMetadata readMetadata(Configuration conf, String directoryUri)
            throws IOException {
        return readFiles(
                conf,
                directoryUri,
                List.of(ModelDirectory.METADATA_FILE),
                directory -> ModelMetadata.read(directory.resolve(ModelDirectory.METADATA_FILE)));
    }

    /** Reads files of a model directory, as the model package does: from local paths. */
    private interface LocalRead<T> {
        T from(Path directory) throws IOException;
    }

    /**
     * Reads a model directory in place when it is local; otherwise through a temporary local copy
     * of the named files (those it holds), whose path errors then name as the directory's own.
     */
    private static <T> T readFiles(
            Configuration conf, String directoryUri, List<String> names, LocalRead<T> read)
            throws IOException {
        Path local = ModelLocation.localPath(directoryUri);
        if (local != null) {
            return read.from(local);
        }
        Path copy = Files.createTempDirectory("model-files");
        try {
            for (String name : names) {
                org.apache.hadoop.fs.Path file =
                        new org.apache.hadoop.fs.Path(directoryUri + "/" + name);
                if (file.getFileSystem(conf).exists(file)) {
                    try (OutputStream out = Files.newOutputStream(copy.resolve(name))) {
                        HadoopFiles.copy(conf, file.toString(), out);
                    }
                }
            }
            return read.from(copy);
        } catch (ModelLoadException e) {
            throw new ModelLoadException(e.getMessage().replace(copy.toString(), directoryUri), e);
        } finally {
            for (String name : names) {
                Files.deleteIfExists(copy.resolve(name));
            }
            Files.deleteIfExists(copy);
        }
    }
}
