package org.wav2vec2spark.jobs;

import org.wav2vec2spark.audio.AudioReader;
import org.wav2vec2spark.ctc.CtcGreedyDecoder;
import org.wav2vec2spark.data.Utterance;
import org.wav2vec2spark.features.ZeroMeanUnitVarianceNormalizer;
import org.wav2vec2spark.metrics.EditCounts;
import org.wav2vec2spark.metrics.UtteranceScore;
import org.wav2vec2spark.metrics.UtteranceScorer;
import org.wav2vec2spark.model.BatchPlanner;
import org.wav2vec2spark.model.LogitsPredictor;
import org.wav2vec2spark.model.UtteranceBatch;
import org.wav2vec2spark.report.UtteranceResult;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Evaluates the utterances of one partition, lazily, a window at a time: fetch and decode audio,
 * normalise, run length-sorted batches through the model, greedy-decode and score.
 *
 * <p>Plain Java with no Spark types, so the whole per-utterance chain is testable without a
 * cluster. Every input utterance yields exactly one result: failures become results with status
 * {@code failed} and a message naming the utterance's file.
 */
public final class PartitionEvaluator {

    private static final double SAMPLE_RATE = 16_000.0;

    private final LogitsPredictor predictor;
    private final CtcGreedyDecoder decoder;
    private final BatchPlanner planner;
    private final AudioFetcher fetcher;
    private final long windowSamples;
    private final BatchStats stats = new BatchStats();

    /**
     * Creates an evaluator.
     *
     * @param predictor this thread's predictor
     * @param decoder the greedy CTC decoder of the model's vocabulary
     * @param planner cuts windows into batches under a padded-samples budget
     * @param fetcher reads audio bytes
     * @param windowSamples how many samples of audio to hold in memory at once for sorting into
     *     batches; bounds the partition's memory
     */
    public PartitionEvaluator(
            LogitsPredictor predictor,
            CtcGreedyDecoder decoder,
            BatchPlanner planner,
            AudioFetcher fetcher,
            long windowSamples) {
        this.predictor = predictor;
        this.decoder = decoder;
        this.planner = planner;
        this.fetcher = fetcher;
        this.windowSamples = windowSamples;
    }

    /** Batch counts so far; complete once the returned iterator is exhausted. */
    public BatchStats stats() {
        return stats;
    }

    /** One result per input utterance, computed a window at a time as the caller iterates. */
    public Iterator<UtteranceResult> evaluate(Iterator<Utterance> utterances) {
        return new Iterator<>() {
            private final ArrayDeque<UtteranceResult> ready = new ArrayDeque<>();

            @Override
            public boolean hasNext() {
                while (ready.isEmpty() && utterances.hasNext()) {
                    ready.addAll(evaluateWindow(utterances));
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

    private List<UtteranceResult> evaluateWindow(Iterator<Utterance> utterances) {
        List<UtteranceResult> results = new ArrayList<>();
        List<Utterance> loaded = new ArrayList<>();
        List<float[]> audio = new ArrayList<>();
        long samples = 0;
        while (utterances.hasNext() && samples < windowSamples) {
            Utterance utterance = utterances.next();
            if (!utterance.isEvaluable()) {
                results.add(failed(utterance, 0, utterance.error()));
                continue;
            }
            try {
                float[] pcm =
                        AudioReader.readMono16k(
                                utterance.audio() != null
                                        ? utterance.audio()
                                        : fetcher.fetch(utterance.audioUri()),
                                utterance.audioUri());
                loaded.add(utterance);
                audio.add(ZeroMeanUnitVarianceNormalizer.normalize(pcm));
                samples += pcm.length;
            } catch (Exception e) {
                results.add(failed(utterance, 0, message(e)));
            }
        }
        for (UtteranceBatch batch :
                planner.plan(audio.stream().map(a -> a.length).toList()).batches()) {
            results.addAll(runBatch(loaded, audio, batch));
        }
        return results;
    }

    private List<UtteranceResult> runBatch(
            List<Utterance> loaded, List<float[]> audio, UtteranceBatch batch) {
        List<Integer> indices = batch.indices();
        List<float[]> inputs = new ArrayList<>(indices.size());
        for (int index : indices) {
            inputs.add(audio.get(index));
        }
        List<UtteranceResult> results = new ArrayList<>(indices.size());
        List<float[][]> logits;
        try {
            logits = predictor.predict(inputs);
        } catch (Exception e) {
            for (int index : indices) {
                results.add(
                        failed(
                                loaded.get(index),
                                audio.get(index).length / SAMPLE_RATE,
                                "model failed on the batch holding "
                                        + loaded.get(index).audioUri()
                                        + ": "
                                        + message(e)));
            }
            return results;
        }
        stats.record(batch.realSamples(), batch.paddedSamples());
        for (int i = 0; i < indices.size(); i++) {
            Utterance utterance = loaded.get(indices.get(i));
            String hypothesis = decoder.decode(logits.get(i));
            UtteranceScore score = UtteranceScorer.score(utterance.reference(), hypothesis);
            results.add(
                    new UtteranceResult(
                            utterance.key().id(),
                            utterance.key().split(),
                            utterance.key().speaker(),
                            utterance.key().chapter(),
                            utterance.audioUri(),
                            audio.get(indices.get(i)).length / SAMPLE_RATE,
                            utterance.reference(),
                            hypothesis,
                            score.words(),
                            score.chars(),
                            UtteranceResult.OK,
                            null));
        }
        return results;
    }

    private static UtteranceResult failed(Utterance utterance, double seconds, String error) {
        return new UtteranceResult(
                utterance.key().id(),
                utterance.key().split(),
                utterance.key().speaker(),
                utterance.key().chapter(),
                utterance.audioUri(),
                seconds,
                utterance.reference(),
                null,
                EditCounts.ZERO,
                EditCounts.ZERO,
                UtteranceResult.FAILED,
                error);
    }

    private static String message(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getName();
    }
}
