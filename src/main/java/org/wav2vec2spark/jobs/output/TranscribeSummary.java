package org.wav2vec2spark.jobs.output;

import java.util.Locale;

/**
 * What one transcribe run did.
 *
 * @param runUri the committed run folder, or {@code null} when there was nothing left to do
 * @param listedFiles recordings and archives listed
 * @param skippedFiles files under the inputs that are neither recordings nor archives
 * @param alreadyDone recordings earlier runs transcribed: listed files, and members of the listed
 *     archives
 * @param transcribed recordings transcribed in this run
 * @param failed recordings that failed in this run
 * @param audioSeconds audio in this run's recordings
 * @param listingSeconds time to list the inputs
 * @param wallSeconds the run's time, listing included
 * @param outOfMemorySplits batches of windows halved after the engine ran out of memory
 */
public record TranscribeSummary(
        String runUri,
        long listedFiles,
        long skippedFiles,
        long alreadyDone,
        long transcribed,
        long failed,
        double audioSeconds,
        double listingSeconds,
        double wallSeconds,
        long outOfMemorySplits) {

    /** Seconds of audio per second of wall time. */
    public double rtfx() {
        return wallSeconds > 0 ? audioSeconds / wallSeconds : 0;
    }

    /** A few lines for the console. */
    public String render() {
        return String.format(
                Locale.ROOT,
                "Listed %d recordings/archives in %.1f s (%.1f files/s), %d other files skipped,"
                        + " %d already transcribed%n"
                        + "Transcribed %d recordings (%d failed), %.2f h of audio in %.1f s:"
                        + " %.1fx real time%s%n"
                        + "Results: %s%n",
                listedFiles,
                listingSeconds,
                listingSeconds > 0 ? listedFiles / listingSeconds : 0,
                skippedFiles,
                alreadyDone,
                transcribed,
                failed,
                audioSeconds / 3600,
                wallSeconds,
                rtfx(),
                outOfMemorySplits == 0
                        ? ""
                        : "; "
                                + outOfMemorySplits
                                + " batch(es) halved after running out of memory",
                runUri == null ? "nothing new to write" : runUri);
    }
}
