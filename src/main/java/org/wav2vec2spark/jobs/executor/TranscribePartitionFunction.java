package org.wav2vec2spark.jobs.executor;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.wav2vec2spark.audio.AudioReader;
import org.wav2vec2spark.ctc.CtcGreedyDecoder;
import org.wav2vec2spark.ctc.CtcWordTimes;
import org.wav2vec2spark.ctc.Vocabulary;
import org.wav2vec2spark.data.HfParquetSource;
import org.wav2vec2spark.data.InputFile;
import org.wav2vec2spark.data.LookAheadIterator;
import org.wav2vec2spark.data.Recording;
import org.wav2vec2spark.data.SerializableHadoopConf;
import org.wav2vec2spark.model.BatchPredictor;
import org.wav2vec2spark.model.ChunkPlanner;
import org.wav2vec2spark.model.ChunkedPredictor;
import org.wav2vec2spark.model.ModelDirectory;
import org.wav2vec2spark.model.Wav2Vec2Model;

import java.util.Iterator;
import java.util.function.Supplier;

/**
 * The {@code mapPartitions} body of the transcribe job, run on executors: takes this JVM's cached
 * model, opens a predictor for the task's thread, and transcribes the partition's files one
 * recording at a time (archives member by member, Parquet row by row), yielding one row per
 * recording.
 */
public final class TranscribePartitionFunction
        implements FlatMapFunction<Iterator<InputFile>, Row> {
    private static final long serialVersionUID = 1L;

    private final TranscribeSpec spec;
    private final SerializableHadoopConf hadoopConf;
    private final JobMetrics metrics;
    private final Broadcast<RecordingKeySet> done;

    /**
     * Built on the driver and serialised with every task, like {@link EvaluatePartitionFunction}.
     *
     * @param spec what to transcribe with
     * @param hadoopConf the configuration to read inputs and a remote model directory with
     * @param metrics the run's accumulators, which the tasks add to
     * @param done keys ({@link TranscriptRows#key}) of archive members earlier runs transcribed
     */
    public TranscribePartitionFunction(
            TranscribeSpec spec,
            SerializableHadoopConf hadoopConf,
            JobMetrics metrics,
            Broadcast<RecordingKeySet> done) {
        this.spec = spec;
        this.hadoopConf = hadoopConf;
        this.metrics = metrics;
        this.done = done;
    }

    @Override
    public Iterator<Row> call(Iterator<InputFile> files) throws Exception {
        InputRecordings recordings =
                new InputRecordings(
                        files,
                        hadoopConf.get(),
                        () -> done == null ? RecordingKeySet.EMPTY : done.value(),
                        InputRecordings::sparkTaskKilled,
                        InputRecordings.isSparkTasksLastTry(spec.taskTries()));
        return transcribe(recordings, recordings::close);
    }

    /**
     * Transcribes rows of {@link HfParquetSource#recordingRows}, skipping those earlier runs
     * transcribed.
     */
    public Iterator<Row> callOnParquetRows(Iterator<Row> rows) throws Exception {
        RecordingKeySet skip = done == null ? RecordingKeySet.EMPTY : done.value();
        Iterator<Recording> recordings =
                new LookAheadIterator<>() {
                    @Override
                    protected Recording computeNext() {
                        while (rows.hasNext()) {
                            Recording candidate = HfParquetSource.toRecording(rows.next());
                            if (!skip.contains(
                                    TranscriptRows.key(candidate.source(), candidate.member()))) {
                                return candidate;
                            }
                        }
                        return null;
                    }
                };
        return transcribe(recordings, () -> {});
    }

    private Iterator<Row> transcribe(Iterator<Recording> recordings, AutoCloseable closeInput)
            throws Exception {
        // Registered before anything is opened, so what the setup opens is closed even when a
        // later step of it throws.
        TaskResources resources = TaskResources.closedWhenDone(TaskContext.get());
        resources.add(closeInput);
        Wav2Vec2Model model =
                TaskModel.acquire(
                                spec.model(), hadoopConf.get(), spec.device(), spec.torchThreads())
                        .model();
        return transcribe(recordings, model.directory(), model::newPredictor, resources);
    }

    /**
     * Transcribes recordings without Spark's task context: opens a predictor from {@code
     * predictors} and adds it to {@code resources} as soon as it exists.
     *
     * @param recordings the partition's recordings
     * @param directory the model's directory, for its vocabulary and frame rate
     * @param predictors opens this task's predictor
     * @param resources closed when the task ends, whether this returned or threw
     */
    <P extends BatchPredictor & AutoCloseable> Iterator<Row> transcribe(
            Iterator<Recording> recordings,
            ModelDirectory directory,
            Supplier<P> predictors,
            TaskResources resources) {
        P predictor = resources.add(predictors.get());
        Vocabulary vocabulary = directory.vocabulary();
        int ratio = directory.metadata().samplesPerFrame();
        double secondsPerFrame = (double) ratio / AudioReader.SAMPLE_RATE;
        ChunkedPredictor chunked =
                new ChunkedPredictor(
                        predictor,
                        ChunkPlanner.fromSeconds(
                                spec.chunkSeconds(),
                                spec.strideSeconds(),
                                AudioReader.SAMPLE_RATE,
                                ratio),
                        spec.batchSamples(),
                        true);
        RecordingTranscriber transcriber =
                new RecordingTranscriber(
                        chunked,
                        new CtcGreedyDecoder(vocabulary),
                        spec.wordTimes() ? new CtcWordTimes(vocabulary) : null,
                        directory.frameCounter().minimumSamples());
        return new Iterator<>() {
            private long splitsReported;

            @Override
            public boolean hasNext() {
                return recordings.hasNext();
            }

            @Override
            public Row next() {
                TranscriptionResult result = transcriber.transcribe(recordings.next());
                metrics.utterances().add(1);
                metrics.audioMillis().add(Math.round(result.durationSeconds() * 1000));
                metrics.outOfMemorySplits().add(chunked.outOfMemorySplits() - splitsReported);
                splitsReported = chunked.outOfMemorySplits();
                return TranscriptRows.toRow(result, spec.modelId(), secondsPerFrame);
            }
        };
    }
}
