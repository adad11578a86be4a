package org.wav2vec2spark.jobs;

import org.apache.spark.SparkContext;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * Accumulators the executors fill while evaluating: progress, model loads per executor and batch
 * counts.
 *
 * @param utterances utterances evaluated (scored or failed)
 * @param audioMillis milliseconds of audio in the scored utterances
 * @param modelLoads {@code executorId@device=loadsSoFar} entries, one per task
 * @param batches model batches run
 * @param realSamples real audio samples in those batches
 * @param paddedSamples samples including padding
 */
record EvaluateMetrics(
        LongAccumulator utterances,
        LongAccumulator audioMillis,
        CollectionAccumulator<String> modelLoads,
        LongAccumulator batches,
        LongAccumulator realSamples,
        LongAccumulator paddedSamples)
        implements Serializable {

    /** Registers fresh accumulators with a context. */
    static EvaluateMetrics register(SparkContext sc) {
        return new EvaluateMetrics(
                sc.longAccumulator("utterances evaluated"),
                sc.longAccumulator("audio milliseconds evaluated"),
                sc.collectionAccumulator("model loads"),
                sc.longAccumulator("batches"),
                sc.longAccumulator("real samples"),
                sc.longAccumulator("padded samples"));
    }

    /**
     * Loads per executor: for each of its devices the largest count any of its tasks saw, summed
     * over the devices (an executor with two GPUs holds two models).
     */
    Map<String, Long> loadsByExecutor() {
        Map<String, Long> byExecutorDevice = new HashMap<>();
        for (String entry : modelLoads.value()) {
            int equals = entry.lastIndexOf('=');
            byExecutorDevice.merge(
                    entry.substring(0, equals),
                    Long.parseLong(entry.substring(equals + 1)),
                    Math::max);
        }
        Map<String, Long> loads = new HashMap<>();
        byExecutorDevice.forEach(
                (key, count) -> {
                    int at = key.lastIndexOf('@');
                    loads.merge(at < 0 ? key : key.substring(0, at), count, Long::sum);
                });
        return loads;
    }

    /** Real samples / padded samples, 1 when nothing ran. */
    double batchFill() {
        return paddedSamples.value() == 0
                ? 1.0
                : (double) realSamples.value() / paddedSamples.value();
    }
}
