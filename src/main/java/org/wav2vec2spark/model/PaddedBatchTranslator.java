package org.wav2vec2spark.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;

/**
 * Converts a padded batch of audio, {@code [batch][samples]}, to the model's input tensor and the
 * logits tensor {@code [batch, frames, vocab]} back to arrays.
 *
 * <p>It only converts: padding, truncation and decoding live in {@link LogitsPredictor} and the
 * {@code ctc} package, so the translator stays the same whichever model fills the directory. It is
 * a {@link NoBatchifyTranslator} because the batch is already one tensor.
 */
final class PaddedBatchTranslator implements NoBatchifyTranslator<float[][], float[][][]> {

    @Override
    public NDList processInput(TranslatorContext ctx, float[][] paddedBatch) {
        return new NDList(ctx.getNDManager().create(paddedBatch));
    }

    @Override
    public float[][][] processOutput(TranslatorContext ctx, NDList list) {
        NDArray logits = list.singletonOrThrow();
        Shape shape = logits.getShape();
        if (shape.dimension() != 3) {
            throw new IllegalStateException("Expected logits of shape [batch, frames, vocab] but got " + shape);
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
