package org.wav2vec2spark.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a recording into overlapping windows exactly as transformers' {@code
 * AutomaticSpeechRecognitionPipeline} does for CTC models with {@code chunk_length_s} and {@code
 * stride_length_s}, so that stitching the kept frames reproduces the pipeline's transcript.
 *
 * <p>The pipeline's rules, reproduced here step by step:
 *
 * <ol>
 *   <li>Lengths in seconds become samples rounded to a whole number of logit frames: {@code
 *       int(round(s * 16000 / ratio) * ratio)} with {@code ratio = inputs_to_logits_ratio} (320 for
 *       wav2vec2). Python's {@code round} rounds halves to even, as {@link Math#rint} does.
 *   <li>Windows start at {@code 0, step, 2 step, ...} with {@code step = chunk - left - right}; a
 *       window is the last when it reaches the end ({@code start + chunk >= n}, {@code
 *       chunk_iter}). The first window has no left stride and the last none on the right; a window
 *       no longer than its left stride is skipped.
 *   <li>Strides are moved to logit frames per window ({@code rescale_stride}): {@code tokens =
 *       round(length / ratio)}, {@code left = round(left / length * tokens)}, likewise right, all
 *       in double precision as Python's floats.
 *   <li>Of each window's logits the frames {@code [left, tokens - right)} are kept ({@code
 *       postprocess}, a numpy slice, so clipped to the frames the model returned) and concatenated;
 *       the CTC path then decodes the whole sequence once.
 * </ol>
 */
public final class ChunkPlanner {

    private final int chunkSamples;
    private final int strideLeftSamples;
    private final int strideRightSamples;
    private final int inputsToLogitsRatio;

    /**
     * Creates a planner from lengths already in samples.
     *
     * @param chunkSamples window length; 0 disables chunking (one window per recording)
     * @param strideLeftSamples context dropped on the left of every window but the first
     * @param strideRightSamples context dropped on the right of every window but the last
     * @param inputsToLogitsRatio samples per logit frame (the product of the encoder's strides)
     */
    public ChunkPlanner(
            int chunkSamples,
            int strideLeftSamples,
            int strideRightSamples,
            int inputsToLogitsRatio) {
        if (inputsToLogitsRatio < 1) {
            throw new IllegalArgumentException(
                    "Samples per logit frame must be >= 1 but was " + inputsToLogitsRatio);
        }
        if (chunkSamples < 0 || strideLeftSamples < 0 || strideRightSamples < 0) {
            throw new IllegalArgumentException(
                    "Chunk and strides must be >= 0 samples but were "
                            + chunkSamples
                            + ", "
                            + strideLeftSamples
                            + ", "
                            + strideRightSamples);
        }
        // The pipeline raises for chunk < left + right; equality gives a step of 0, on which
        // Python's range() raises too.
        if (chunkSamples > 0 && chunkSamples <= strideLeftSamples + strideRightSamples) {
            throw new IllegalArgumentException(
                    "Chunk length must be longer than both strides together, but the chunk is "
                            + chunkSamples
                            + " samples and the strides "
                            + strideLeftSamples
                            + " + "
                            + strideRightSamples);
        }
        this.chunkSamples = chunkSamples;
        this.strideLeftSamples = strideLeftSamples;
        this.strideRightSamples = strideRightSamples;
        this.inputsToLogitsRatio = inputsToLogitsRatio;
    }

    /**
     * Creates a planner from the pipeline's arguments in seconds.
     *
     * @param chunkSeconds {@code chunk_length_s}; 0 disables chunking
     * @param strideSeconds {@code stride_length_s}, used on both sides
     * @param samplingRate the feature extractor's rate, 16000 for wav2vec2
     * @param inputsToLogitsRatio samples per logit frame, 320 for wav2vec2
     * @return the planner
     * @throws IllegalArgumentException when the lengths, rounded to whole frames as the pipeline
     *     rounds them, make no window: a chunk shorter than one frame, or not longer than both
     *     strides together
     */
    public static ChunkPlanner fromSeconds(
            double chunkSeconds, double strideSeconds, int samplingRate, int inputsToLogitsRatio) {
        int chunk = aligned(chunkSeconds, samplingRate, inputsToLogitsRatio);
        if (chunkSeconds > 0 && chunk == 0) {
            throw new IllegalArgumentException(
                    "A chunk of "
                            + chunkSeconds
                            + " s is shorter than one frame of "
                            + inputsToLogitsRatio
                            + " samples");
        }
        return new ChunkPlanner(
                chunk,
                aligned(strideSeconds, samplingRate, inputsToLogitsRatio),
                aligned(strideSeconds, samplingRate, inputsToLogitsRatio),
                inputsToLogitsRatio);
    }

    /**
     * The windows of a recording.
     *
     * @param samples the recording's length
     * @return the windows in order; one window with nothing dropped when chunking is off or the
     *     recording fits one window; none for an empty recording
     */
    public List<AudioChunk> plan(int samples) {
        List<AudioChunk> chunks = new ArrayList<>();
        if (chunkSamples == 0) {
            if (samples > 0) {
                chunks.add(rescaled(0, samples, 0, 0));
            }
            return chunks;
        }
        int step = chunkSamples - strideLeftSamples - strideRightSamples;
        for (long start = 0; start < samples; start += step) {
            long end = start + chunkSamples;
            int length = (int) (Math.min(end, samples) - start);
            int left = start == 0 ? 0 : strideLeftSamples;
            boolean last = end >= samples;
            int right = last ? 0 : strideRightSamples;
            if (length > left) {
                chunks.add(rescaled((int) start, length, left, right));
            }
            if (last) {
                break;
            }
        }
        return chunks;
    }

    /** Window length in samples, 0 when chunking is off. */
    public int chunkSamples() {
        return chunkSamples;
    }

    private AudioChunk rescaled(int start, int length, int leftSamples, int rightSamples) {
        int tokens = (int) Math.rint(length * (1.0 / inputsToLogitsRatio));
        int left = (int) Math.rint((double) leftSamples / length * tokens);
        int right = (int) Math.rint((double) rightSamples / length * tokens);
        return new AudioChunk(start, length, left, tokens - right);
    }

    private static int aligned(double seconds, int samplingRate, int ratio) {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException(
                    "Seconds must be finite and >= 0 but was " + seconds);
        }
        // Compared as a double first: a huge value (1e17) would wrap around in a long product.
        double exact = Math.rint(seconds * samplingRate / ratio) * ratio;
        if (exact > Integer.MAX_VALUE) {
            // Windows are int-indexed arrays; use 0 to transcribe whole recordings.
            throw new IllegalArgumentException(
                    "Seconds must be at most "
                            + Integer.MAX_VALUE / samplingRate
                            + " (0 turns chunking off) but was "
                            + seconds);
        }
        return (int) exact;
    }
}
