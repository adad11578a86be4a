package org.wav2vec2spark.jobs.executor;

import org.wav2vec2spark.audio.AudioReader;
import org.wav2vec2spark.ctc.CtcGreedyDecoder;
import org.wav2vec2spark.data.ReadFailures;
import org.wav2vec2spark.data.Utterance;
import org.wav2vec2spark.features.ZeroMeanUnitVarianceNormalizer;
import org.wav2vec2spark.jobs.executor.StageTimes.Stage;
import org.wav2vec2spark.metrics.CaseFolding;
import org.wav2vec2spark.metrics.EditCounts;
import org.wav2vec2spark.metrics.UtteranceScore;
import org.wav2vec2spark.metrics.UtteranceScorer;
import org.wav2vec2spark.model.BatchPlanner;
import org.wav2vec2spark.model.BatchPredictor;
import org.wav2vec2spark.model.OutOfMemorySplitter;
import org.wav2vec2spark.model.SplitPrediction;
import org.wav2vec2spark.model.UtteranceBatch;
import org.wav2vec2spark.report.UtteranceResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Evaluates the utterances of one partition, lazily, a sort buffer at a time: fetch and decode
 * audio, normalise, run length-sorted batches through the model, greedy-decode and score.
 *
 * <p>With a prefetch bound, reading, decoding and normalising run on a background thread ahead of
 * the model ({@link Prefetcher}); a batch that runs out of memory is halved and retried ({@link
 * OutOfMemorySplitter}). Plain Java with no Spark types, so the whole per-utterance chain is
 * testable without a cluster. Every input utterance yields exactly one result: failures become
 * results with status {@code failed} and a message naming the utterance's file.
 */
public final class PartitionEvaluator implements AutoCloseable {

    private static final double SAMPLE_RATE = AudioReader.SAMPLE_RATE;

    /** How many utterances the task thread hands the reader thread ahead of the model. */
    static final int PREFETCH_QUEUE = 64;

    private final OutOfMemorySplitter predictor;
    private final CtcGreedyDecoder decoder;
    private final BatchPlanner planner;
    private final AudioFetcher fetcher;
    private final Settings settings;
    private final BatchStats stats = new BatchStats();
    private final StageTimes times = new StageTimes();
    private Prefetcher<Utterance, LoadedAudio> prefetcher;

    /**
     * How a partition is evaluated.
     *
     * @param sortBufferSamples how many samples of audio to hold at once for sorting into batches;
     *     bounds the partition's memory
     * @param prefetchSamples the most decoded samples the reader thread may hold ahead of the
     *     model; 0 reads on the task thread, no reader thread
     * @param maxUtteranceSamples longer utterances fail with a clear message instead of running;
     *     {@link Long#MAX_VALUE} for no limit
     * @param caseFolding how hypotheses are compared with references; the results keep the
     *     hypotheses as decoded
     */
    public record Settings(
            long sortBufferSamples,
            long prefetchSamples,
            long maxUtteranceSamples,
            CaseFolding caseFolding) {

        /** Requires a case folding. */
        public Settings {
            Objects.requireNonNull(caseFolding, "caseFolding");
        }

        /**
         * Settings that score transcripts as written.
         *
         * @param sortBufferSamples audio samples held at once for sorting into batches
         * @param prefetchSamples decoded samples the reader thread may hold; 0 for none
         * @param maxUtteranceSamples longer utterances fail; {@link Long#MAX_VALUE} for no limit
         */
        public Settings(long sortBufferSamples, long prefetchSamples, long maxUtteranceSamples) {
            this(sortBufferSamples, prefetchSamples, maxUtteranceSamples, CaseFolding.NONE);
        }
    }

    /**
     * Creates an evaluator that reads on the task thread and takes utterances of any length.
     *
     * @param predictor this thread's predictor
     * @param decoder the greedy CTC decoder of the model's vocabulary
     * @param planner cuts sort buffers into batches under a padded-samples budget
     * @param fetcher reads audio bytes
     * @param sortBufferSamples how many samples of audio to hold in memory at once for sorting into
     *     batches; bounds the partition's memory
     */
    public PartitionEvaluator(
            BatchPredictor predictor,
            CtcGreedyDecoder decoder,
            BatchPlanner planner,
            AudioFetcher fetcher,
            long sortBufferSamples) {
        this(
                predictor,
                decoder,
                planner,
                fetcher,
                new Settings(sortBufferSamples, 0, Long.MAX_VALUE));
    }

    /**
     * Creates an evaluator.
     *
     * @param predictor this thread's predictor
     * @param decoder the greedy CTC decoder of the model's vocabulary
     * @param planner cuts sort buffers into batches under a padded-samples budget
     * @param fetcher reads audio bytes
     * @param settings sort buffer, prefetch and length bounds
     */
    public PartitionEvaluator(
            BatchPredictor predictor,
            CtcGreedyDecoder decoder,
            BatchPlanner planner,
            AudioFetcher fetcher,
            Settings settings) {
        this.predictor = new OutOfMemorySplitter(predictor);
        this.decoder = decoder;
        this.planner = planner;
        this.fetcher = fetcher;
        this.settings = settings;
    }

    /** Batch counts so far; complete once the returned iterator is exhausted. */
    public BatchStats stats() {
        return stats;
    }

    /** Time per stage so far; complete once the returned iterator is exhausted. */
    public StageTimes stageTimes() {
        return times;
    }

    /**
     * One result per input utterance, computed a sort buffer at a time as the caller iterates. Call
     * once per evaluator.
     */
    public Iterator<UtteranceResult> evaluate(Iterator<Utterance> utterances) {
        Iterator<LoadedAudio> loaded;
        if (settings.prefetchSamples() > 0) {
            prefetcher =
                    new Prefetcher<>(
                            utterances,
                            this::load,
                            LoadedAudio::samples,
                            settings.prefetchSamples(),
                            PREFETCH_QUEUE,
                            "wav2vec2-audio-reader");
            loaded = prefetcher;
        } else {
            loaded = mapped(utterances);
        }
        return new Iterator<>() {
            private final ArrayDeque<UtteranceResult> ready = new ArrayDeque<>();

            @Override
            public boolean hasNext() {
                while (ready.isEmpty() && loaded.hasNext()) {
                    ready.addAll(evaluateSortBuffer(loaded));
                }
                return !ready.isEmpty();
            }

            @Override
            public UtteranceResult next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return ready.poll();
            }
        };
    }

    /** Stops the reader thread, if any; for the end of the task, whether it succeeded or not. */
    @Override
    public void close() {
        if (prefetcher != null) {
            prefetcher.close();
        }
    }

    private Iterator<LoadedAudio> mapped(Iterator<Utterance> utterances) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return utterances.hasNext();
            }

            @Override
            public LoadedAudio next() {
                return load(utterances.next());
            }
        };
    }

    /** Reads, decodes, checks and normalises one utterance; failures become a message. */
    LoadedAudio load(Utterance utterance) {
        if (!utterance.isEvaluable()) {
            return new LoadedAudio(utterance, null, 0, utterance.error());
        }
        try {
            long start = System.nanoTime();
            // Archive and Parquet sources carry the bytes; files are fetched by URI.
            byte[] bytes = utterance.audio() != null ? utterance.audio() : fetch(utterance);
            start = times.addSince(Stage.READ, start);
            // A header that declares too long a recording spares decoding it whole.
            long declared = AudioReader.declaredSamples(bytes, utterance.audioUri());
            if (declared > settings.maxUtteranceSamples()) {
                return tooLong(utterance, declared);
            }
            float[] pcm = AudioReader.readMono16k(bytes, utterance.audioUri());
            start = times.addSince(Stage.DECODE, start);
            if (pcm.length > settings.maxUtteranceSamples()) {
                return tooLong(utterance, pcm.length);
            }
            double seconds = pcm.length / SAMPLE_RATE;
            float[] normalized = ZeroMeanUnitVarianceNormalizer.normalize(pcm);
            times.addSince(Stage.FEATURES, start);
            return new LoadedAudio(utterance, normalized, seconds, null);
        } catch (UncheckedIOException e) {
            throw e; // the file system failed, not the file: the task is retried
        } catch (Exception e) {
            return new LoadedAudio(
                    utterance,
                    null,
                    0,
                    FailureMessages.naming(utterance.audioUri(), FailureMessages.of(e)));
        }
    }

    private LoadedAudio tooLong(Utterance utterance, long samples) {
        double seconds = samples / SAMPLE_RATE;
        return new LoadedAudio(
                utterance,
                null,
                seconds,
                String.format(
                        Locale.ROOT,
                        "%s: %.1f s exceeds --max-utterance-seconds %s; the transcription job"
                                + " chunks long audio",
                        utterance.audioUri(),
                        seconds,
                        formatSeconds(settings.maxUtteranceSamples() / SAMPLE_RATE)));
    }

    /**
     * An utterance's file; a failure of the file system that is not the file's own (a connection
     * reset, an HDFS block no datanode served) is thrown unchecked, so Spark retries the task
     * rather than count a failed utterance.
     */
    private byte[] fetch(Utterance utterance) throws IOException {
        try {
            return fetcher.fetch(utterance.audioUri());
        } catch (IOException e) {
            ReadFailures.rethrowIfOfTheMoment(e);
            throw e;
        }
    }

    private List<UtteranceResult> evaluateSortBuffer(Iterator<LoadedAudio> input) {
        List<UtteranceResult> results = new ArrayList<>();
        List<LoadedAudio> loaded = new ArrayList<>();
        long samples = 0;
        while (input.hasNext() && samples < settings.sortBufferSamples()) {
            LoadedAudio audio = input.next();
            if (audio.error() != null) {
                results.add(failed(audio.utterance(), audio.seconds(), audio.error()));
                continue;
            }
            loaded.add(audio);
            samples += audio.samples();
        }
        for (UtteranceBatch batch :
                planner.plan(loaded.stream().map(a -> a.audio().length).toList()).batches()) {
            results.addAll(runBatch(loaded, batch));
        }
        return results;
    }

    private List<UtteranceResult> runBatch(List<LoadedAudio> loaded, UtteranceBatch batch) {
        List<Integer> indices = batch.indices();
        List<float[]> inputs = new ArrayList<>(indices.size());
        for (int index : indices) {
            inputs.add(loaded.get(index).audio());
        }
        long start = System.nanoTime();
        SplitPrediction prediction = predictor.predict(inputs);
        times.addSince(Stage.INFERENCE, start);
        recordFill(inputs, prediction);
        List<UtteranceResult> results = new ArrayList<>(indices.size());
        for (int i = 0; i < indices.size(); i++) {
            LoadedAudio audio = loaded.get(indices.get(i));
            results.add(
                    prediction.succeeded(i)
                            ? scored(audio, prediction.logits().get(i))
                            : failed(
                                    audio.utterance(),
                                    audio.seconds(),
                                    "model failed on the batch holding "
                                            + audio.utterance().audioUri()
                                            + ": "
                                            + prediction.errors().get(i)));
        }
        return results;
    }

    /**
     * Counts the real and padded samples of the batches the model ran, which out-of-memory splits
     * may have made smaller than the one planned.
     */
    private void recordFill(List<float[]> inputs, SplitPrediction prediction) {
        for (List<Integer> run : prediction.batchesRun()) {
            long real = 0;
            int longest = 0;
            for (int position : run) {
                real += inputs.get(position).length;
                longest = Math.max(longest, inputs.get(position).length);
            }
            // With a length bucket the predictor pads beyond the longest item; fill counts that.
            stats.record(real, (long) planner.paddedLength(longest) * run.size());
        }
        stats.recordSplits(prediction.splits());
    }

    /** Greedy-decodes an utterance's logits and scores the text against its reference. */
    private UtteranceResult scored(LoadedAudio audio, float[][] logits) {
        long decodeStart = System.nanoTime();
        String hypothesis = decoder.decode(logits);
        long scoreStart = times.addSince(Stage.CTC_DECODE, decodeStart);
        Utterance utterance = audio.utterance();
        UtteranceScore score =
                UtteranceScorer.score(utterance.reference(), hypothesis, settings.caseFolding());
        times.addSince(Stage.SCORING, scoreStart);
        return result(
                utterance,
                audio.seconds(),
                hypothesis,
                score.words(),
                score.chars(),
                UtteranceResult.OK,
                null);
    }

    private static UtteranceResult failed(Utterance utterance, double seconds, String error) {
        return result(
                utterance,
                seconds,
                null,
                EditCounts.ZERO,
                EditCounts.ZERO,
                UtteranceResult.FAILED,
                error);
    }

    private static UtteranceResult result(
            Utterance utterance,
            double seconds,
            String hypothesis,
            EditCounts words,
            EditCounts chars,
            String status,
            String error) {
        return new UtteranceResult(
                utterance.key().id(),
                utterance.key().split(),
                utterance.key().speaker(),
                utterance.key().chapter(),
                utterance.audioUri(),
                seconds,
                utterance.reference(),
                hypothesis,
                words,
                chars,
                status,
                error);
    }

    private static String formatSeconds(double seconds) {
        return seconds == Math.rint(seconds)
                ? Long.toString((long) seconds)
                : String.format(Locale.ROOT, "%.1f", seconds);
    }
}
