package org.wav2vec2spark.jobs.executor;

import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.wav2vec2spark.ctc.CtcGreedyDecoder;
import org.wav2vec2spark.data.HadoopFiles;
import org.wav2vec2spark.data.SerializableHadoopConf;
import org.wav2vec2spark.data.Utterance;
import org.wav2vec2spark.model.BatchPlanner;
import org.wav2vec2spark.model.BatchPredictor;
import org.wav2vec2spark.model.LengthBucket;
import org.wav2vec2spark.model.ModelDirectory;
import org.wav2vec2spark.model.Wav2Vec2Model;
import org.wav2vec2spark.report.UtteranceResult;

import java.util.Iterator;
import java.util.function.Supplier;

/**
 * The {@code mapPartitions} body of the evaluate job, run on executors: takes this JVM's cached
 * model (loading it on first use only), opens a predictor for the task's thread, and evaluates the
 * partition with a {@link PartitionEvaluator}.
 */
public final class EvaluatePartitionFunction implements FlatMapFunction<Iterator<Utterance>, Row> {
    private static final long serialVersionUID = 1L;

    private final EvaluationSpec spec;
    private final SerializableHadoopConf hadoopConf;
    private final JobMetrics metrics;

    /**
     * Built on the driver and serialised with every task, so it holds only the spec, the Hadoop
     * configuration and the accumulators.
     *
     * @param spec what to evaluate with
     * @param hadoopConf the configuration to read audio and a remote model directory with
     * @param metrics the run's accumulators, which the tasks add to
     */
    public EvaluatePartitionFunction(
            EvaluationSpec spec, SerializableHadoopConf hadoopConf, JobMetrics metrics) {
        this.spec = spec;
        this.hadoopConf = hadoopConf;
        this.metrics = metrics;
    }

    @Override
    public Iterator<Row> call(Iterator<Utterance> utterances) throws Exception {
        // Registered before anything is opened, so what the setup opens is closed even when a
        // later step of it throws.
        TaskResources resources = TaskResources.closedWhenDone(TaskContext.get());
        TaskModel task =
                TaskModel.acquire(
                        spec.model(), hadoopConf.get(), spec.device(), spec.torchThreads());
        Wav2Vec2Model model = task.model();
        // 1 from the one task per executor and device that loaded the model (ModelCache holds one
        // per directory, version of its files and device), 0 from the tasks that found it loaded,
        // by this job or an earlier one in the same executor: the driver sums them per executor.
        // A JVM-wide count would include earlier jobs' loads.
        metrics.modelLoads()
                .add(SparkEnv.get().executorId() + "=" + (task.loadedByThisTask() ? 1 : 0));
        LengthBucket bucket =
                spec.lengthBucket(task.device(), model.directory().metadata().exactBatching());
        return evaluate(
                utterances, model.directory(), bucket, () -> model.newPredictor(bucket), resources);
    }

    /**
     * Evaluates a partition without Spark's task context: opens a predictor from {@code predictors}
     * and adds it, and everything else opened, to {@code resources} as soon as it exists.
     *
     * @param utterances the partition
     * @param directory the model's directory, for its vocabulary
     * @param bucket the length bucket the predictor pads to
     * @param predictors opens this task's predictor
     * @param resources closed when the task ends, whether this returned or threw
     */
    <P extends BatchPredictor & AutoCloseable> Iterator<Row> evaluate(
            Iterator<Utterance> utterances,
            ModelDirectory directory,
            LengthBucket bucket,
            Supplier<P> predictors,
            TaskResources resources) {
        P predictor = resources.add(predictors.get());
        PartitionEvaluator evaluator =
                new PartitionEvaluator(
                        predictor,
                        new CtcGreedyDecoder(directory.vocabulary()),
                        new BatchPlanner(spec.batchSamples(), bucket),
                        uri -> HadoopFiles.readAllBytes(hadoopConf.get(), uri),
                        spec.partitionSettings());
        // Closed last added first: the reader thread stops before its stage times are counted and
        // before the predictor goes, so nothing reads audio after the predictor is gone.
        resources.add(() -> metrics.add(evaluator.stats(), evaluator.stageTimes()));
        resources.add(evaluator);
        Iterator<UtteranceResult> results = evaluator.evaluate(utterances);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return results.hasNext();
            }

            @Override
            public Row next() {
                UtteranceResult result = results.next();
                if (result.audioUri() != null) {
                    metrics.utterances().add(1);
                }
                metrics.audioMillis().add(Math.round(result.durationSeconds() * 1000));
                return ResultRows.toRow(result);
            }
        };
    }
}
