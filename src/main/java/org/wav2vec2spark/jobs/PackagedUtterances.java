package org.wav2vec2spark.jobs;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.CollectionAccumulator;
import org.wav2vec2spark.data.EvaluationData;
import org.wav2vec2spark.data.HfParquetSource;
import org.wav2vec2spark.data.LibriSpeechArchiveSource;
import org.wav2vec2spark.data.SerializableHadoopConf;
import org.wav2vec2spark.jobs.EvaluationInputs.InputUtterances;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The evaluate job's utterances for data that packs audio and references together (archives,
 * Parquet): the source that reads them, with their audio bytes for the evaluation's {@code
 * mapPartitions} in the same task, and what the progress line expects (no count ahead for archives,
 * whose utterances are counted as they are read).
 */
final class PackagedUtterances {

    private PackagedUtterances() {}

    /** Picks the source for the form of {@code data}, which must not be a LibriSpeech folder. */
    static InputUtterances of(
            SparkSession spark,
            EvaluationData data,
            SerializableHadoopConf hadoopConf,
            List<String> splits) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return switch (data.form()) {
            case ARCHIVES -> {
                CollectionAccumulator<String> passedOver =
                        jsc.sc().collectionAccumulator("archive splits passed over");
                yield new InputUtterances(
                        LibriSpeechArchiveSource.utterances(
                                jsc, data.archives(), hadoopConf, splits, passedOver),
                        0,
                        data.archives().size(),
                        () -> new TreeSet<>(passedOver.value()));
            }
            case PARQUET ->
                    new InputUtterances(
                            HfParquetSource.utterances(spark, data.parquetFiles(), splits),
                            // Row counts come from the files' footers: no audio is read for this.
                            HfParquetSource.utteranceRows(spark, data.parquetFiles(), splits)
                                    .count(),
                            0,
                            Set::of);
            case FOLDER ->
                    throw new IllegalStateException("a LibriSpeech folder is listed instead");
        };
    }
}
