package org.wav2vec2spark.jobs.output;

import java.util.List;
import java.util.Locale;

/**
 * What one transcribe run did.
 *
 * @param outputUri the output folder ({@code --output}), absolute: the folder to read, and to give
 *     again to resume
 * @param runUri the committed run folder, absolute, or {@code null} when there was nothing left to
 *     do
 * @param listedFiles recordings and archives listed (for Parquet input: its rows)
 * @param skippedFiles files under the inputs that are neither recordings nor archives
 * @param alreadyDone recordings earlier runs transcribed: listed files, and members of the listed
 *     archives
 * @param transcribed recordings transcribed in this run
 * @param failed recordings that failed in this run
 * @param audioSeconds audio in this run's recordings
 * @param listingSeconds time to list the inputs
 * @param wallSeconds the run's time, listing included
 * @param outOfMemorySplits batches of windows halved after the engine ran out of memory
 * @param failures the errors of at most {@link #MAX_LISTED_FAILURES} of this run's failed
 *     recordings, each naming its file ({@code source[!member]: message})
 */
public record TranscribeSummary(
        String outputUri,
        String runUri,
        long listedFiles,
        long skippedFiles,
        long alreadyDone,
        long transcribed,
        long failed,
        double audioSeconds,
        double listingSeconds,
        double wallSeconds,
        long outOfMemorySplits,
        List<String> failures) {

    /**
     * Failed recordings named on the console. A run can fail thousands (a missing codec, a model
     * that cannot load); the first few say why, and the run's rows hold the rest.
     */
    public static final int MAX_LISTED_FAILURES = 10;

    /** Copies the failures, so the summary stays immutable. */
    public TranscribeSummary {
        failures = List.copyOf(failures);
    }

    /** Seconds of audio per second of wall time. */
    public double rtfx() {
        return wallSeconds > 0 ? audioSeconds / wallSeconds : 0;
    }

    /** A few lines for the console, naming the failed recordings listed. */
    public String render() {
        return counts()
                + failureLines()
                + "Results: "
                + outputUri
                + (runUri == null ? " (nothing new to write)" : " (this run: " + runName() + ")")
                + System.lineSeparator();
    }

    /** The run folder's name, {@code run=<n>}. */
    private String runName() {
        return runUri.substring(runUri.lastIndexOf('/') + 1);
    }

    private String counts() {
        return String.format(
                Locale.ROOT,
                "Listed %d recordings/archives in %.1f s (%.1f/s), %d other files skipped,"
                        + " %d already transcribed%n"
                        + "Transcribed %d recordings (%d failed), %.2f h of audio in %.1f s%s%s%n",
                listedFiles,
                listingSeconds,
                listingSeconds > 0 ? listedFiles / listingSeconds : 0,
                skippedFiles,
                alreadyDone,
                transcribed,
                failed,
                audioSeconds / 3600,
                wallSeconds,
                // A rerun with nothing left has no speed to report: "0.0x real time" reads as a
                // fault.
                audioSeconds > 0 ? String.format(Locale.ROOT, ": %.1fx real time", rtfx()) : "",
                outOfMemorySplits == 0
                        ? ""
                        : "; "
                                + outOfMemorySplits
                                + " batch(es) halved after running out of memory");
    }

    /**
     * The listed failures, so that a user learns which recordings failed and why without querying
     * the output (the evaluate job's console does the same for utterances).
     */
    private String failureLines() {
        if (failed == 0) {
            return "";
        }
        StringBuilder lines = new StringBuilder();
        lines.append(String.format(Locale.ROOT, "%d recording(s) FAILED:%n", failed));
        for (String failure : failures) {
            lines.append("  ").append(failure).append(System.lineSeparator());
        }
        if (failures.size() < failed) {
            lines.append(
                    String.format(
                            Locale.ROOT,
                            "  ... %d more: see the rows with status = failed in the run's"
                                    + " output%n",
                            failed - failures.size()));
        }
        return lines.toString();
    }
}
