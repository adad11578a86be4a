package org.wav2vec2spark.report;

/**
 * How often a reference word was recognised as a given other word.
 *
 * @param reference the reference word
 * @param hypothesis the word recognised in its place
 * @param count how many times
 */
public record WordConfusion(String reference, String hypothesis, long count) {}
