package org.wav2vec2spark.jobs.executor;

/** Counts of the model batches one partition ran, to report batch fill (real / padded samples). */
public final class BatchStats {
    private long batches;
    private long realSamples;
    private long paddedSamples;
    private long splits;

    /** Records one batch. */
    void record(long real, long padded) {
        batches++;
        realSamples += real;
        paddedSamples += padded;
    }

    /** Records batches halved after running out of memory. */
    void recordSplits(long count) {
        splits += count;
    }

    /** Batches halved after the engine ran out of memory on them. */
    public long splits() {
        return splits;
    }

    /** Batches run. */
    public long batches() {
        return batches;
    }

    /** Samples of real audio in those batches. */
    public long realSamples() {
        return realSamples;
    }

    /** Samples including zero padding. */
    public long paddedSamples() {
        return paddedSamples;
    }
}
