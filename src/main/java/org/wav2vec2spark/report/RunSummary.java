package org.wav2vec2spark.report;

import org.wav2vec2spark.metrics.CaseFolding;

import java.util.List;
import java.util.Map;

/**
 * Everything {@code summary.json} records about one run.
 *
 * @param splits per-split totals, in split-name order
 * @param model which model ran
 * @param run how the run went
 * @param failures failed utterances, at most {@link #MAX_LISTED_FAILURES} of them (the per-split
 *     {@code failed} counts are complete)
 */
public record RunSummary(
        Map<String, SplitSummary> splits,
        ModelInfo model,
        RunInfo run,
        List<FailedUtterance> failures) {

    /** How many failed utterances the summary and console list by name. */
    public static final int MAX_LISTED_FAILURES = 100;

    /** Failed utterances over all splits. */
    public long failedTotal() {
        return splits.values().stream().mapToLong(SplitSummary::failed).sum();
    }

    /** Utterances over all splits. */
    public long utteranceTotal() {
        return splits.values().stream().mapToLong(SplitSummary::utterances).sum();
    }

    /**
     * The model that ran.
     *
     * @param id model id from its metadata
     * @param uri where the model directory was read from
     * @param sha256 checksum of the TorchScript file
     * @param dtype weight type inside the TorchScript module
     */
    public record ModelInfo(String id, String uri, String sha256, String dtype) {}

    /**
     * How the run went.
     *
     * @param startedAt ISO-8601 start time
     * @param sparkMaster the master URL
     * @param audioSeconds audio duration of all scored utterances
     * @param wallSeconds wall time from job start to results written
     * @param modelLoads models the executors loaded for this run: one per executor and device
     *     expected, 0 for executors that kept the model from an earlier run of the application
     * @param executors how many executors ran evaluation tasks
     * @param batches model batches run
     * @param batchFill real samples / padded samples over all batches
     * @param outOfMemorySplits batches halved and retried after the engine ran out of memory
     * @param caseFolding how hypotheses were compared with references: {@link CaseFolding#UPPER}
     *     for a model that writes lower case, whose raw hypotheses the results still hold
     */
    public record RunInfo(
            String startedAt,
            String sparkMaster,
            double audioSeconds,
            double wallSeconds,
            long modelLoads,
            int executors,
            long batches,
            double batchFill,
            long outOfMemorySplits,
            CaseFolding caseFolding) {

        /** Requires a case folding. */
        public RunInfo {
            java.util.Objects.requireNonNull(caseFolding, "caseFolding");
        }

        /**
         * This run with another case folding.
         *
         * @param folding how hypotheses were compared with references
         * @return a copy differing only in {@link #caseFolding}
         */
        public RunInfo withCaseFolding(CaseFolding folding) {
            return new RunInfo(
                    startedAt,
                    sparkMaster,
                    audioSeconds,
                    wallSeconds,
                    modelLoads,
                    executors,
                    batches,
                    batchFill,
                    outOfMemorySplits,
                    folding);
        }

        /**
         * A run whose transcripts were compared as written.
         *
         * @param startedAt ISO-8601 start time
         * @param sparkMaster the master URL
         * @param audioSeconds audio duration of all scored utterances
         * @param wallSeconds wall time from job start to results written
         * @param modelLoads models the executors loaded for this run
         * @param executors how many executors ran evaluation tasks
         * @param batches model batches run
         * @param batchFill real samples / padded samples over all batches
         * @param outOfMemorySplits batches halved and retried after the engine ran out of memory
         */
        public RunInfo(
                String startedAt,
                String sparkMaster,
                double audioSeconds,
                double wallSeconds,
                long modelLoads,
                int executors,
                long batches,
                double batchFill,
                long outOfMemorySplits) {
            this(
                    startedAt,
                    sparkMaster,
                    audioSeconds,
                    wallSeconds,
                    modelLoads,
                    executors,
                    batches,
                    batchFill,
                    outOfMemorySplits,
                    CaseFolding.NONE);
        }

        /** Audio seconds processed per wall-clock second. */
        public double realTimeFactor() {
            return wallSeconds > 0 ? audioSeconds / wallSeconds : 0;
        }
    }

    /**
     * A failed utterance, for the listing.
     *
     * @param split split
     * @param id utterance id
     * @param error why it failed
     */
    public record FailedUtterance(String split, String id, String error) {}
}
