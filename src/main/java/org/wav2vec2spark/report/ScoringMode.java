package org.wav2vec2spark.report;

import java.util.Locale;

/**
 * What to do with a reference utterance that has no hypothesis: the three {@code --mode} values of
 * Kaldi's {@code compute-wer}.
 */
public enum ScoringMode {
    /** Score it against an empty hypothesis: all its words are deletions. */
    ALL,
    /** Leave it out of the counts (the rate covers only utterances with a hypothesis). */
    PRESENT,
    /** Refuse to score (Kaldi's default). */
    STRICT;

    /**
     * Parses {@code all}, {@code present} or {@code strict}.
     *
     * @throws IllegalArgumentException naming the value for anything else
     */
    public static ScoringMode parse(String value) {
        for (ScoringMode mode : values()) {
            if (mode.name().toLowerCase(Locale.ROOT).equals(value)) {
                return mode;
            }
        }
        throw new IllegalArgumentException(
                "--mode must be all, present or strict, got '" + value + "'");
    }
}
