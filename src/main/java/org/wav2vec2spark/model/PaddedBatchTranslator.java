package org.wav2vec2spark.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;

/**
 * Converts a padded batch of audio to the model's inputs, {@code input_values [batch, samples]}
 * and, for models exported with exact batching, {@code lengths [batch]} (int64), and the logits
 * tensor {@code [batch, frames, vocab]} back to arrays.
 *
 * <p>It only converts: padding, truncation and decoding live in {@link LogitsPredictor} and the
 * {@code ctc} package, so the translator stays the same whichever model fills the directory. It is
 * a {@link NoBatchifyTranslator} because the batch is already one tensor.
 */
final class PaddedBatchTranslator implements NoBatchifyTranslator<PaddedBatch, float[][][]> {

    private final boolean passLengths;

    /**
     * Creates the translator for one model.
     *
     * @param passLengths whether the model takes each item's length as a second input
     */
    PaddedBatchTranslator(boolean passLengths) {
        this.passLengths = passLengths;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, PaddedBatch batch) {
        NDList inputs = new NDList(ctx.getNDManager().create(batch.samples()));
        if (passLengths) {
            inputs.add(ctx.getNDManager().create(batch.lengths()));
        }
        return inputs;
    }

    @Override
    public float[][][] processOutput(TranslatorContext ctx, NDList list) {
        NDArray logits = list.singletonOrThrow();
        Shape shape = logits.getShape();
        if (shape.dimension() != 3) {
            throw new IllegalStateException(
                    "Expected logits of shape [batch, frames, vocab] but got " + shape);
        }
        int batch = Math.toIntExact(shape.get(0));
        int frames = Math.toIntExact(shape.get(1));
        int vocab = Math.toIntExact(shape.get(2));
        float[] flat = logits.toFloatArray();
        float[][][] result = new float[batch][frames][vocab];
        int offset = 0;
        for (float[][] item : result) {
            for (float[] frame : item) {
                System.arraycopy(flat, offset, frame, 0, vocab);
                offset += vocab;
            }
        }
        return result;
    }
}
