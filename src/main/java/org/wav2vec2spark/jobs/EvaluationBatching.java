package org.wav2vec2spark.jobs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wav2vec2spark.audio.AudioReader;
import org.wav2vec2spark.jobs.executor.EvaluationSpec;
import org.wav2vec2spark.metrics.CaseFolding;

/**
 * The evaluate job's batching policy: the padded-samples budget and the length bucket of the
 * model's batches, chosen from the options and whether the model was exported with exact batching,
 * and the executors' {@link EvaluationSpec} that carries them. Plain functions, testable without
 * Spark.
 */
final class EvaluationBatching {
    // The job's own logger, so that these warnings still read "EvaluateJob: ..." and follow that
    // logger's settings.
    private static final Logger LOG = LoggerFactory.getLogger(EvaluateJob.class);

    /** Padded samples per batch (60 s of 16 kHz audio) for models that batch exactly. */
    static final long PADDED_BATCH_SAMPLES = 960_000;

    /** Samples per second of the audio the model takes. */
    private static final double SAMPLE_RATE = AudioReader.SAMPLE_RATE;

    private EvaluationBatching() {}

    /** What the executors need to evaluate a partition, from the options and the model. */
    static EvaluationSpec spec(
            EvaluateOptions options, ModelSource model, CaseFolding caseFolding) {
        long batchSamples =
                batchSamples(
                        options.nameOf("batch-samples"),
                        options.batchSamples(),
                        model.exactBatching());
        return new EvaluationSpec(
                model.location(),
                options.device(),
                batchSamples,
                lengthBucketSamples(
                        options.nameOf("length-bucket-seconds"),
                        options.lengthBucketSeconds(),
                        model.exactBatching()),
                // Sorting four batches' worth of audio at once fills batches with like lengths
                // while holding a bounded, small part of the partition in memory.
                4 * Math.max(batchSamples, PADDED_BATCH_SAMPLES),
                options.torchThreads(),
                Math.round(options.prefetchSeconds() * SAMPLE_RATE),
                options.maxUtteranceSeconds() > 0
                        ? Math.round(options.maxUtteranceSeconds() * SAMPLE_RATE)
                        : Long.MAX_VALUE,
                caseFolding);
    }

    /**
     * The padded-samples budget of a batch. Without exact batching a model's logits depend on the
     * padding of its batch (the first group norm normalises over it), so results would change with
     * partitioning and batch composition; by default such a model runs each utterance alone, as the
     * model card's evaluation does, and padded batches are an explicit choice.
     *
     * @param option how the warning names the option: {@code --batch-samples}, or its preset key
     */
    static long batchSamples(String option, long requested, boolean exactBatching) {
        if (requested > 0) {
            // A budget of one sample holds one utterance per batch: nothing is shared.
            if (!exactBatching && requested > 1) {
                LOG.warn(
                        "{} {} pads utterances into shared batches, but the model was not"
                                + " exported with exact batching: hypotheses can differ from"
                                + " batch size 1 and between runs with other partitioning",
                        option,
                        requested);
            }
            return requested;
        }
        return exactBatching ? PADDED_BATCH_SAMPLES : 1;
    }

    /**
     * The {@code --length-bucket-seconds} in samples (1 for none), {@link
     * EvaluationSpec#AUTO_LENGTH_BUCKET} for auto. Refuses a bucket for a model without exact
     * batching, whose logits the extra padding would change.
     *
     * @param option how errors name the option: {@code --length-bucket-seconds}, or its preset key
     */
    static int lengthBucketSamples(String option, double seconds, boolean exactBatching) {
        if (seconds == EvaluateOptions.AUTO_LENGTH_BUCKET) {
            return EvaluationSpec.AUTO_LENGTH_BUCKET;
        }
        long samples = Math.max(1, Math.round(seconds * SAMPLE_RATE));
        if (samples > 1 && !exactBatching) {
            throw new IllegalArgumentException(
                    option
                            + " "
                            + seconds
                            + " pads batches beyond their longest utterance, which changes the"
                            + " logits of a model without exact batching; export it with"
                            + " scripts/export_wav2vec2.py --exact, or leave the option at auto");
        }
        if (samples > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    option
                            + " "
                            + seconds
                            + " is too long: at most "
                            + Integer.MAX_VALUE / (long) SAMPLE_RATE
                            + " s");
        }
        return (int) samples;
    }
}
