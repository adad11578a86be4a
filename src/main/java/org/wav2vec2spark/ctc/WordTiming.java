package org.wav2vec2spark.ctc;

/**
 * Where a word sits in a CTC frame sequence.
 *
 * @param word the word's characters
 * @param startFrame the first frame of its first character
 * @param endFrame the frame after the last frame of its last character
 */
public record WordTiming(String word, int startFrame, int endFrame) {

    /**
     * Start time of the word.
     *
     * @param secondsPerFrame e.g. 0.02 for wav2vec2 (320 samples at 16 kHz)
     * @return seconds from the start of the recording
     */
    public double startSeconds(double secondsPerFrame) {
        return startFrame * secondsPerFrame;
    }

    /**
     * End time of the word.
     *
     * @param secondsPerFrame e.g. 0.02 for wav2vec2
     * @return seconds from the start of the recording
     */
    public double endSeconds(double secondsPerFrame) {
        return endFrame * secondsPerFrame;
    }
}
