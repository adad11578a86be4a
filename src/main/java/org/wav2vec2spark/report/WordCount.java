package org.wav2vec2spark.report;

/**
 * How often a word took part in one kind of error (deleted, or inserted).
 *
 * @param word the word
 * @param count how many times
 */
public record WordCount(String word, long count) {}
