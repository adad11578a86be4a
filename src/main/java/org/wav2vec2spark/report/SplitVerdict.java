package org.wav2vec2spark.report;

/**
 * The nightly check's outcome for one split.
 *
 * @param split split name
 * @param regressed whether any check failed
 * @param line one line for people and logs: {@code <split> OK: ...} or {@code <split> REGRESSION:
 *     ...}, failed checks first
 */
public record SplitVerdict(String split, boolean regressed, String line) {}
