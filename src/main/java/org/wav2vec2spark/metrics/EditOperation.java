package org.wav2vec2spark.metrics;

/**
 * What an alignment does with a stretch of reference and hypothesis tokens (jiwer's chunk types).
 */
public enum EditOperation {
    /** Reference and hypothesis tokens are the same. */
    EQUAL,
    /** Each reference token is replaced by a different hypothesis token. */
    SUBSTITUTE,
    /** Reference tokens are missing from the hypothesis. */
    DELETE,
    /** Hypothesis tokens are not in the reference. */
    INSERT
}
