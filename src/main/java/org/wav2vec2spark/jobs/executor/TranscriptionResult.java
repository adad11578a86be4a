package org.wav2vec2spark.jobs.executor;

import org.wav2vec2spark.ctc.WordTiming;

import java.util.List;

/**
 * One recording's transcription, or why there is none.
 *
 * @param source the file the recording came from (the archive, for a member)
 * @param member the archive member, or {@code null} for a plain file
 * @param durationSeconds the audio's length, 0 when it could not be decoded
 * @param transcript the transcript, or {@code null} when it failed
 * @param words per-word frames, or {@code null} when not asked for or failed
 * @param windows model windows the recording was cut into
 * @param error why it failed, or {@code null}
 */
public record TranscriptionResult(
        String source,
        String member,
        double durationSeconds,
        String transcript,
        List<WordTiming> words,
        int windows,
        String error) {

    /** Whether a transcript was produced. */
    public boolean ok() {
        return error == null;
    }
}
