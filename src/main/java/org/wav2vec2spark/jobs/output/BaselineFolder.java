package org.wav2vec2spark.jobs.output;

import org.apache.spark.sql.SparkSession;
import org.wav2vec2spark.nightly.HistoryRecord;
import org.wav2vec2spark.nightly.UtteranceOutcome;
import org.wav2vec2spark.report.SplitSummary;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The folder of a run that the history recorded, read back and compared with its record before the
 * nightly check pairs tonight's utterances with it. The history keeps only the record; the folder
 * can have been rewritten since (a later run into the same {@code --output}, a copy from elsewhere,
 * an edited {@code summary.json}), half written (no {@code _SUCCESS}) or deleted, and pairing with
 * it would then compare tonight with a run nobody recorded.
 *
 * <p>Compared: that the folder is a complete run ({@link RunOutputs#read}); from its {@code
 * summary.json}, the model id and SHA-256 and the evaluation's start time; from its {@code
 * utterances/}, the data fingerprint and each split's utterances, failures and word and character
 * counts.
 *
 * @param record the history record of the run
 * @param utterances the folder's per-utterance outcomes; empty when it could not be read
 * @param changes what differs from the record, each naming the file; empty when the folder still
 *     holds the recorded run
 */
public record BaselineFolder(
        HistoryRecord record, List<UtteranceOutcome> utterances, List<String> changes) {

    /** Copies the lists. */
    public BaselineFolder {
        Objects.requireNonNull(record, "record");
        utterances = List.copyOf(utterances);
        changes = List.copyOf(changes);
    }

    /** Reads the recorded run's folder and compares it with the record. */
    public static BaselineFolder read(SparkSession spark, HistoryRecord record) {
        RunOutputs folder;
        try {
            folder = RunOutputs.read(spark, record.outputUri());
        } catch (IOException e) {
            return new BaselineFolder(record, List.of(), List.of(e.getMessage()));
        }
        HistoryRecord now = folder.record(record.runTime(), record.projectCommit());
        List<String> changes = new ArrayList<>();
        String summary = RunFolder.summary(record.outputUri());
        String results = RunFolder.utterances(record.outputUri());
        compare(changes, summary, "model id", record.modelId(), now.modelId());
        compare(changes, summary, "model sha256", record.modelSha256(), now.modelSha256());
        compare(changes, summary, "run started_at", record.startedAt(), now.startedAt());
        compare(
                changes,
                results,
                "data fingerprint",
                record.dataFingerprint(),
                now.dataFingerprint());
        compareSplits(changes, results, record.splits(), now.splits());
        return new BaselineFolder(record, folder.utterances(), changes);
    }

    /** Whether the folder still holds the recorded run. */
    public boolean intact() {
        return changes.isEmpty();
    }

    private static void compare(
            List<String> changes, String file, String field, String recorded, String now) {
        if (!recorded.equals(now)) {
            changes.add(
                    String.format(
                            Locale.ROOT,
                            "%s: %s is %s but was %s when recorded",
                            file,
                            field,
                            now,
                            recorded));
        }
    }

    private static void compareSplits(
            List<String> changes,
            String file,
            Map<String, SplitSummary> recorded,
            Map<String, SplitSummary> now) {
        for (String name : SplitSummary.withOtherCounts(recorded, now)) {
            changes.add(
                    String.format(
                            Locale.ROOT,
                            "%s: %s is %s but was %s when recorded",
                            file,
                            name,
                            describe(now.get(name)),
                            describe(recorded.get(name))));
        }
    }

    private static String describe(SplitSummary split) {
        if (split == null) {
            return "absent";
        }
        return String.format(
                Locale.ROOT,
                "%d utterances (%d failed), WER %.2f%% [ %d / %d ], CER %.2f%% [ %d / %d ]",
                split.utterances(),
                split.failed(),
                100 * split.wer(),
                split.words().errors(),
                split.words().referenceLength(),
                100 * split.cer(),
                split.characters().errors(),
                split.characters().referenceLength());
    }
}
