package org.wav2vec2spark.jobs.executor;

import org.apache.spark.SparkContext;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Accumulators the executors fill while evaluating or transcribing: progress, model loads per
 * executor and batch counts. The transcribe job fills the progress counts and {@code
 * outOfMemorySplits} only.
 *
 * @param utterances utterances (evaluate) or recordings (transcribe) done, failed ones included;
 *     for evaluate only those with an audio file, as the listing counts them ahead (a transcript
 *     line without audio is a row with nothing to read)
 * @param audioMillis milliseconds of audio in them, failed ones included (as far as they were read)
 * @param modelLoads {@code executorId=loads} entries, one per task: 1 from the task that loaded the
 *     model, 0 from those that found it loaded
 * @param batches model batches run
 * @param realSamples real audio samples in those batches
 * @param paddedSamples samples including padding
 * @param outOfMemorySplits batches halved after the engine ran out of memory
 * @param stageNanos nanoseconds per {@link StageTimes.Stage}, by ordinal, summed over tasks
 */
public record JobMetrics(
        LongAccumulator utterances,
        LongAccumulator audioMillis,
        CollectionAccumulator<String> modelLoads,
        LongAccumulator batches,
        LongAccumulator realSamples,
        LongAccumulator paddedSamples,
        LongAccumulator outOfMemorySplits,
        List<LongAccumulator> stageNanos)
        implements Serializable {

    /** Registers fresh accumulators with a context. */
    public static JobMetrics register(SparkContext sc) {
        return new JobMetrics(
                sc.longAccumulator("utterances or recordings done"),
                sc.longAccumulator("audio milliseconds done"),
                sc.collectionAccumulator("model loads"),
                sc.longAccumulator("batches"),
                sc.longAccumulator("real samples"),
                sc.longAccumulator("padded samples"),
                sc.longAccumulator("out-of-memory batch splits"),
                Arrays.stream(StageTimes.Stage.values())
                        .map(stage -> sc.longAccumulator("stage nanoseconds " + stage))
                        .toList());
    }

    /** Adds one task's batch counts and stage times. */
    void add(BatchStats stats, StageTimes times) {
        batches.add(stats.batches());
        realSamples.add(stats.realSamples());
        paddedSamples.add(stats.paddedSamples());
        outOfMemorySplits.add(stats.splits());
        for (StageTimes.Stage stage : StageTimes.Stage.values()) {
            stageNanos.get(stage.ordinal()).add(times.nanos(stage));
        }
    }

    /** Seconds spent in a stage over all tasks (task time, not wall time). */
    public double stageSeconds(StageTimes.Stage stage) {
        return stageNanos.get(stage.ordinal()).value() / 1e9;
    }

    /**
     * Models each executor loaded for this run, one entry per executor that ran a task: 1 per
     * device on a fresh executor, 0 on one that kept the model from an earlier run in the same
     * application, more when a task had to load it again. A load by a task that then failed is not
     * counted, as Spark drops a failed task's accumulator updates.
     */
    public Map<String, Long> loadsByExecutor() {
        Map<String, Long> loads = new HashMap<>();
        for (String entry : modelLoads.value()) {
            int equals = entry.lastIndexOf('=');
            loads.merge(
                    entry.substring(0, equals),
                    Long.parseLong(entry.substring(equals + 1)),
                    Long::sum);
        }
        return loads;
    }

    /** Real samples / padded samples, 1 when nothing ran. */
    public double batchFill() {
        return paddedSamples.value() == 0
                ? 1.0
                : (double) realSamples.value() / paddedSamples.value();
    }
}
