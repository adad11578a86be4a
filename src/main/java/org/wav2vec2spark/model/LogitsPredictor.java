package org.wav2vec2spark.model;

import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs batches of normalised audio through a {@link Wav2Vec2Model}; one instance per thread.
 *
 * <p>A batch is zero-padded on the right to its longest item (as {@code Wav2Vec2FeatureExtractor}
 * pads with {@code padding_value=0.0}) and run once; each item's logits are then cut to the frames
 * its own length yields. A model exported with exact batching also receives the lengths and
 * computes each item as if it ran alone. For any other model the frames kept are not always
 * identical to running the item alone: the group-norm feature encoder normalises over the padding,
 * and self-attention sees the padded frames, because wav2vec2-large-960h takes no attention mask.
 * Sorting by length ({@link BatchPlanner}) keeps the padding, and so the difference, small. A
 * {@link LengthBucket} rounds the padded length up so batch shapes repeat; it is only accepted for
 * exact-batching models ({@link Wav2Vec2Model#newPredictor(LengthBucket)}).
 */
public final class LogitsPredictor implements BatchPredictor, AutoCloseable {

    private final Predictor<PaddedBatch, float[][][]> predictor;
    private final FrameCounter frameCounter;
    private final LengthBucket bucket;

    LogitsPredictor(
            Predictor<PaddedBatch, float[][][]> predictor,
            FrameCounter frameCounter,
            LengthBucket bucket) {
        this.predictor = predictor;
        this.frameCounter = frameCounter;
        this.bucket = bucket;
    }

    /**
     * Computes the logits of a batch.
     *
     * @param normalizedAudio one array of 16 kHz samples per utterance, already normalised to zero
     *     mean and unit variance
     * @return per utterance, in input order, its logits {@code [frames][vocab]} with {@code frames}
     *     from {@link FrameCounter#frames(long)} of its own length (0 frames for audio shorter than
     *     the receptive field)
     * @throws TranslateException when the engine fails on the batch
     */
    @Override
    public List<float[][]> predict(List<float[]> normalizedAudio) throws TranslateException {
        if (normalizedAudio.isEmpty()) {
            return List.of();
        }
        PaddedBatch batch = pad(normalizedAudio);
        float[][][] logits = LibtorchCalls.run(() -> predictor.predict(batch));
        List<float[][]> perItem = new ArrayList<>(normalizedAudio.size());
        for (int i = 0; i < normalizedAudio.size(); i++) {
            int frames = frameCounter.frames(normalizedAudio.get(i).length);
            if (frames > logits[i].length) {
                throw new IllegalStateException(
                        "Item "
                                + i
                                + " of "
                                + normalizedAudio.get(i).length
                                + " samples should have "
                                + frames
                                + " frames but the model returned "
                                + logits[i].length
                                + " for the padded batch");
            }
            perItem.add(Arrays.copyOf(logits[i], frames));
        }
        return perItem;
    }

    /** Releases the predictor's native resources. */
    @Override
    public void close() {
        predictor.close();
    }

    /**
     * Right-pads with zeros to the longest item, and to at least one frame's receptive field,
     * rounded up to the length bucket. An item shorter than that field keeps its true length: its
     * frames come out as 0 either way.
     */
    PaddedBatch pad(List<float[]> audio) {
        int longest = frameCounter.minimumSamples();
        for (float[] item : audio) {
            longest = Math.max(longest, item.length);
        }
        longest = bucket.paddedLength(longest);
        float[][] padded = new float[audio.size()][];
        long[] lengths = new long[audio.size()];
        for (int i = 0; i < padded.length; i++) {
            padded[i] = Arrays.copyOf(audio.get(i), longest);
            lengths[i] = audio.get(i).length;
        }
        return new PaddedBatch(padded, lengths);
    }
}
