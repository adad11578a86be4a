package org.wav2vec2spark.jobs.executor;

import org.wav2vec2spark.data.Utterance;

/**
 * An utterance with its decoded, normalised audio, or the reason it has none.
 *
 * @param utterance the utterance
 * @param audio normalised 16 kHz samples, or {@code null} when loading failed
 * @param seconds the audio's duration when known (also for audio refused as too long), else 0
 * @param error why there is no audio, or {@code null}
 */
record LoadedAudio(Utterance utterance, float[] audio, double seconds, String error) {

    /** Samples held, 0 for a failure. */
    long samples() {
        return audio == null ? 0 : audio.length;
    }
}
