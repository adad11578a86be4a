package org.wav2vec2spark.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Groups utterances into batches that keep padding low and memory bounded.
 *
 * <p>Utterances are sorted by length, longest first (ties by input position, so plans are
 * reproducible), and cut greedily: a batch grows while its size times its longest length stays
 * within the padded-samples budget. Sorting puts similar lengths together, which keeps the zero
 * padding small and with it the difference padding makes to the group-norm encoder's output. An
 * utterance longer than the budget forms a batch of its own rather than being refused. With a
 * {@link LengthBucket}, a batch's padded length is its longest utterance rounded up to the bucket,
 * and the budget counts that rounded length.
 */
public final class BatchPlanner {

    private final long maxPaddedSamples;
    private final LengthBucket bucket;

    /**
     * Creates a planner.
     *
     * @param maxPaddedSamples the most samples one batch may hold after padding (batch size times
     *     longest length), e.g. 16 utterances of 20 s at 16 kHz = 5,120,000
     */
    public BatchPlanner(long maxPaddedSamples) {
        this(maxPaddedSamples, LengthBucket.NONE);
    }

    /**
     * Creates a planner whose batches are padded to a multiple of {@code bucket}.
     *
     * @param maxPaddedSamples the most samples one batch may hold after padding and rounding
     * @param bucket the multiple padded lengths are rounded up to, as the predictor pads them
     */
    public BatchPlanner(long maxPaddedSamples, LengthBucket bucket) {
        if (maxPaddedSamples < 1) {
            throw new IllegalArgumentException(
                    "Padded-samples budget must be >= 1 but was " + maxPaddedSamples);
        }
        this.maxPaddedSamples = maxPaddedSamples;
        this.bucket = bucket;
    }

    /**
     * Plans the batches for utterances of the given lengths.
     *
     * @param lengths each utterance's length in samples, by input position
     * @return the batches; every index appears in exactly one
     */
    public BatchPlan plan(List<Integer> lengths) {
        List<Integer> order =
                IntStream.range(0, lengths.size())
                        .boxed()
                        .sorted(
                                Comparator.comparing((Integer i) -> lengths.get(i))
                                        .reversed()
                                        .thenComparing(Comparator.naturalOrder()))
                        .toList();
        List<UtteranceBatch> batches = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        int padded = 0;
        long real = 0;
        for (int index : order) {
            int length = lengths.get(index);
            if (length < 0) {
                throw new IllegalArgumentException(
                        "Utterance " + index + " has length " + length + ", must be >= 0");
            }
            // Sorted longest first, so the batch's first utterance fixes its padded length.
            if (!current.isEmpty() && (long) (current.size() + 1) * padded > maxPaddedSamples) {
                batches.add(new UtteranceBatch(current, padded, real));
                current = new ArrayList<>();
                real = 0;
            }
            if (current.isEmpty()) {
                padded = bucket.paddedLength(length);
            }
            current.add(index);
            real += length;
        }
        if (!current.isEmpty()) {
            batches.add(new UtteranceBatch(current, padded, real));
        }
        return new BatchPlan(batches);
    }

    /**
     * The padded length of a batch whose longest utterance has {@code longest} samples, as this
     * planner budgets it and the predictor pads it.
     *
     * @param longest the longest utterance's samples
     * @return {@code longest} rounded up to the length bucket
     */
    public int paddedLength(int longest) {
        return bucket.paddedLength(longest);
    }
}
