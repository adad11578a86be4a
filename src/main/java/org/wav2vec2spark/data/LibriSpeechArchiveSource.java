package org.wav2vec2spark.data;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.CollectionAccumulator;

import java.util.List;

/**
 * Builds the dataset of utterances of LibriSpeech tar or tar.gz archives as OpenSLR publishes them
 * (e.g. {@code test-clean.tar.gz} as downloaded), the archive counterpart of {@link
 * LibriSpeechSource}.
 *
 * <p>A tar.gz cannot be split, so each archive is one partition, read by {@link
 * LibriSpeechArchiveReader} on an executor. The driver knows only the archives' paths. The
 * utterances carry their audio bytes ({@link Utterance#audio()}); they are meant to be consumed in
 * the same task, by the evaluation's {@code mapPartitions}, and must not be cached, collected or
 * shuffled.
 */
public final class LibriSpeechArchiveSource {

    private LibriSpeechArchiveSource() {}

    /**
     * The utterances of some archives, one partition per archive.
     *
     * @param jsc the Spark context
     * @param archives the archives, found on the driver
     * @param hadoopConf the configuration executors open the archives with
     * @param splits split folders to keep; empty keeps all
     * @param splitsPassedOver gets the splits the archives hold and {@code splits} does not name
     *     ({@link LibriSpeechArchiveReader#splitsPassedOver}), for a message naming them
     */
    public static JavaRDD<Utterance> utterances(
            JavaSparkContext jsc,
            List<InputFile> archives,
            SerializableHadoopConf hadoopConf,
            List<String> splits,
            CollectionAccumulator<String> splitsPassedOver) {
        List<String> wanted = List.copyOf(splits);
        return jsc.parallelize(archives, Math.max(1, archives.size()))
                .flatMap(
                        archive -> {
                            LibriSpeechArchiveReader reader =
                                    LibriSpeechArchiveReader.open(
                                            hadoopConf.get(), archive, wanted);
                            reader.splitsPassedOver().forEach(splitsPassedOver::add);
                            TaskContext.get()
                                    .addTaskCompletionListener(
                                            (org.apache.spark.util.TaskCompletionListener)
                                                    context -> reader.close());
                            return reader;
                        });
    }
}
