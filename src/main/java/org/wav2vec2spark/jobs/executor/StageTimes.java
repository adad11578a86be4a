package org.wav2vec2spark.jobs.executor;

import java.util.concurrent.atomic.LongAdder;

/**
 * Nanoseconds spent in each stage of evaluating a partition, summed over utterances; filled by the
 * reader thread (read, decode, features) and the task thread (the rest), so the counters are
 * thread-safe. Each stage costs two {@link System#nanoTime()} calls per utterance or batch.
 */
public final class StageTimes {

    /** The stages, in pipeline order. */
    public enum Stage {
        /** Fetching the audio file's bytes. */
        READ,
        /** Decoding FLAC/WAV to 16 kHz float samples. */
        DECODE,
        /** Zero-mean unit-variance normalisation. */
        FEATURES,
        /** Model forward passes, out-of-memory retries included. */
        INFERENCE,
        /** Greedy CTC decoding of the logits. */
        CTC_DECODE,
        /** Word and character alignment against the reference. */
        SCORING
    }

    private final LongAdder[] nanos = new LongAdder[Stage.values().length];

    /** Creates zeroed counters. */
    public StageTimes() {
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] = new LongAdder();
        }
    }

    /**
     * Adds the time since {@code startNanos} to a stage.
     *
     * @param stage the stage
     * @param startNanos a {@link System#nanoTime()} reading taken when the stage started
     * @return the current {@link System#nanoTime()}, to start the next stage with
     */
    public long addSince(Stage stage, long startNanos) {
        long now = System.nanoTime();
        nanos[stage.ordinal()].add(now - startNanos);
        return now;
    }

    /**
     * The time spent in a stage so far.
     *
     * @param stage the stage
     * @return nanoseconds
     */
    public long nanos(Stage stage) {
        return nanos[stage.ordinal()].sum();
    }
}
