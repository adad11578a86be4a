package org.wav2vec2spark.jobs.output;

import org.apache.hadoop.conf.Configuration;
import org.wav2vec2spark.data.HadoopFiles;
import org.wav2vec2spark.report.RunSummary;
import org.wav2vec2spark.report.SummaryJson;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The files of an evaluate or score run's output folder, named once: the per-utterance results,
 * then {@code summary.json}, written last, whose presence marks a finished run for {@link
 * ExistingOutput}, the nightly job and other tools.
 */
public final class RunFolder {

    /** The run's totals ({@link SummaryJson}). */
    public static final String SUMMARY = "summary.json";

    /** The evaluate job's per-utterance results, a Parquet table. */
    public static final String UTTERANCES = "utterances";

    /** The score job's per-utterance results, a tab-separated table. */
    public static final String UTTERANCES_TSV = "utterances.tsv";

    private RunFolder() {}

    /** The {@code summary.json} of a run folder. */
    public static String summary(String folder) {
        return folder + "/" + SUMMARY;
    }

    /** The evaluate job's {@code utterances/} table of a run folder. */
    public static String utterances(String folder) {
        return folder + "/" + UTTERANCES;
    }

    /** Writes a run's {@code summary.json}, atomically; call it when everything else is written. */
    public static void writeSummary(Configuration conf, String folder, RunSummary summary)
            throws IOException {
        HadoopFiles.writeAtomically(
                conf,
                summary(folder),
                SummaryJson.toJson(summary).getBytes(StandardCharsets.UTF_8));
    }
}
