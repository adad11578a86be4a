package org.wav2vec2spark.model;

import java.util.List;

/**
 * What {@link OutOfMemorySplitter} got for one batch: per utterance either logits or an error, and
 * the sub-batches that actually ran.
 *
 * @param logits per input utterance, its logits, or {@code null} when it failed
 * @param errors per input utterance, {@code null} when it has logits, else why it failed
 * @param failures per input utterance, {@code null} when it has logits, else what was thrown, kept
 *     so callers can chain it as the cause of their own exception
 * @param batchesRun the input positions of every model call that succeeded, in the order run
 * @param splits how many times a batch was halved after running out of memory
 */
public record SplitPrediction(
        List<float[][]> logits,
        List<String> errors,
        List<Throwable> failures,
        List<List<Integer>> batchesRun,
        int splits) {

    /**
     * Whether an utterance got logits.
     *
     * @param index the utterance's position in the input batch
     * @return true when it has logits, false when it failed
     */
    public boolean succeeded(int index) {
        return errors.get(index) == null;
    }
}
