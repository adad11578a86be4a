package org.wav2vec2spark.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;

import java.io.IOException;
import java.time.Duration;

/**
 * A wav2vec2 CTC model loaded into DJL's PyTorch engine on one device.
 *
 * <p>Loading is expensive (the engine, then the weights), so a JVM should hold one instance per
 * model directory, version of its files and device, through {@link ModelCache}, and give each
 * thread its own {@link LogitsPredictor}: DJL models are thread-safe, predictors are not.
 */
public final class Wav2Vec2Model implements AutoCloseable {

    private static final String ENGINE = "PyTorch";

    private final ZooModel<PaddedBatch, float[][][]> model;
    private final ModelDirectory directory;
    private final Device device;
    private final Duration loadTime;

    private Wav2Vec2Model(
            ZooModel<PaddedBatch, float[][][]> model,
            ModelDirectory directory,
            Device device,
            Duration loadTime) {
        this.model = model;
        this.directory = directory;
        this.device = device;
        this.loadTime = loadTime;
    }

    /**
     * Loads the directory's TorchScript model and checks it against the vocabulary.
     *
     * <p>After loading, one batch of silence of the minimum length runs through the model, and its
     * logits must have one column per vocabulary token; a model converted with a different
     * tokenizer is refused here instead of producing wrong transcripts.
     *
     * @param directory the checked model directory
     * @param device where to run, e.g. {@link Device#cpu()} or {@link Device#gpu(int)}
     * @return the loaded model; the caller closes it
     * @throws ModelLoadException when the engine cannot load the archive or the output size differs
     *     from the vocabulary size
     */
    public static Wav2Vec2Model load(ModelDirectory directory, Device device)
            throws ModelLoadException {
        return LibtorchCalls.run(() -> loadNow(directory, device));
    }

    private static Wav2Vec2Model loadNow(ModelDirectory directory, Device device)
            throws ModelLoadException {
        long start = System.nanoTime();
        Criteria<PaddedBatch, float[][][]> criteria =
                Criteria.builder()
                        .setTypes(PaddedBatch.class, float[][][].class)
                        .optModelPath(directory.directory())
                        // The whole file name: DJL resolves a name without extension to name.pt,
                        // which is not the file whose sha256 was checked unless it ends in .pt.
                        .optModelName(directory.metadata().torchscript())
                        .optEngine(ENGINE)
                        .optDevice(device)
                        .optTranslator(
                                new PaddedBatchTranslator(directory.metadata().takesLengths()))
                        .build();
        ZooModel<PaddedBatch, float[][][]> zooModel;
        try {
            zooModel = criteria.loadModel();
        } catch (ModelNotFoundException
                | MalformedModelException
                | IOException
                | RuntimeException e) {
            throw new ModelLoadException(
                    "Cannot load "
                            + directory.torchScriptFile()
                            + " with DJL's "
                            + ENGINE
                            + " engine on "
                            + device,
                    e);
        }
        Wav2Vec2Model loaded =
                new Wav2Vec2Model(
                        zooModel, directory, device, Duration.ofNanos(System.nanoTime() - start));
        try {
            loaded.checkOutputSize();
        } catch (ModelLoadException | RuntimeException e) {
            loaded.close();
            throw e;
        }
        return loaded;
    }

    /**
     * Creates a predictor for the calling thread; close it when the thread is done.
     *
     * @return a new predictor
     */
    public LogitsPredictor newPredictor() {
        return newPredictor(LengthBucket.NONE);
    }

    /**
     * Creates a predictor for the calling thread that pads each batch to a multiple of {@code
     * bucket}; close it when the thread is done.
     *
     * @param bucket the multiple padded lengths are rounded up to
     * @return a new predictor
     * @throws IllegalArgumentException when the bucket rounds but the model was not exported with
     *     exact batching: the extra padding would change its logits
     */
    public LogitsPredictor newPredictor(LengthBucket bucket) {
        if (bucket.rounds() && !directory.metadata().exactBatching()) {
            throw new IllegalArgumentException(
                    "Length buckets pad batches beyond their longest item,"
                            + " which changes the logits of "
                            + directory.torchScriptFile()
                            + ": it was not exported with exact batching"
                            + " (scripts/export_wav2vec2.py --exact)");
        }
        return new LogitsPredictor(model.newPredictor(), directory.frameCounter(), bucket);
    }

    /**
     * The directory the model came from.
     *
     * @return the model directory
     */
    public ModelDirectory directory() {
        return directory;
    }

    /**
     * The device the model runs on.
     *
     * @return the device
     */
    public Device device() {
        return device;
    }

    /**
     * How long {@link #load} took to start the engine and load the TorchScript module; the
     * output-size check that follows (one short inference) is not included.
     *
     * @return the load time
     */
    public Duration loadTime() {
        return loadTime;
    }

    /** Releases the engine's copy of the model. */
    @Override
    public void close() {
        model.close();
    }

    @Override
    public String toString() {
        return "Wav2Vec2Model[" + directory.directory() + " on " + device + "]";
    }

    private void checkOutputSize() throws ModelLoadException {
        int vocabularySize = directory.tokensById().size();
        float[] silence = new float[directory.frameCounter().minimumSamples()];
        float[][][] logits;
        try (Predictor<PaddedBatch, float[][][]> predictor = model.newPredictor()) {
            logits =
                    predictor.predict(
                            new PaddedBatch(new float[][] {silence}, new long[] {silence.length}));
        } catch (TranslateException e) {
            throw new ModelLoadException(
                    "Cannot run "
                            + directory.torchScriptFile()
                            + " on "
                            + silence.length
                            + " samples of silence",
                    e);
        }
        int outputSize = logits.length == 0 || logits[0].length == 0 ? 0 : logits[0][0].length;
        if (outputSize != vocabularySize) {
            throw new ModelLoadException(
                    directory.vocabularyFile()
                            + " has "
                            + vocabularySize
                            + " tokens but "
                            + directory.torchScriptFile()
                            + " outputs "
                            + outputSize
                            + " logits per frame");
        }
    }
}
