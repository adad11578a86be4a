package org.wav2vec2spark.jobs.output;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sort_array;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.List;

/**
 * Utterances a run's input gave more than once: the same split and id read from two archives or
 * Parquet files (a renamed copy of {@code test-clean.tar.gz}, or Hugging Face's {@code all/} and
 * {@code clean/} folders together). Each copy would be scored, so the corpus WER would weigh those
 * utterances double; a folder cannot hold such repeats, as its layout makes the id a path.
 */
public final class DuplicateUtterances {

    /** Repeated utterances the evaluate job's errors name, with the files they came from. */
    public static final int EXAMPLES_NAMED = 5;

    private DuplicateUtterances() {}

    /**
     * Names the repeated utterances of a run's results, or returns {@code null} when every split
     * and id occurs once.
     *
     * @param results the per-utterance results ({@code ResultRows.SCHEMA})
     * @param examples how many repeated utterances to name, with the files they came from
     * @return the message for the user, or {@code null}
     */
    public static String describe(Dataset<Row> results, int examples) {
        Dataset<Row> repeated =
                results.groupBy("split", "id")
                        .agg(
                                count(lit(1)).as("times"),
                                sort_array(collect_list("audio_uri")).as("sources"))
                        .where(col("times").gt(1))
                        .orderBy("split", "id");
        List<Row> named = repeated.limit(examples).collectAsList();
        if (named.isEmpty()) {
            return null;
        }
        long total = named.size() < examples ? named.size() : repeated.count();
        StringBuilder message =
                new StringBuilder()
                        .append(total)
                        .append(" utterance(s) came more than once from the input, and the WER")
                        .append(" would count every copy:");
        for (Row row : named) {
            message.append("\n  ")
                    .append(row.getString(0))
                    .append('/')
                    .append(row.getString(1))
                    .append(": ")
                    .append(row.getLong(2))
                    .append(" times");
            List<String> sources = row.getList(3);
            if (!sources.isEmpty()) { // a transcript line without its audio has no source
                message.append(", from ").append(String.join(", ", sources));
            }
        }
        if (total > named.size()) {
            message.append("\n  and ").append(total - named.size()).append(" more");
        }
        return message.append(
                        "\nGive each utterance once in --data: leave out copies of an archive and"
                                + " Parquet folders that overlap, and repack an archive that holds"
                                + " a file twice (tar -r and tar -u append new versions).")
                .toString();
    }
}
