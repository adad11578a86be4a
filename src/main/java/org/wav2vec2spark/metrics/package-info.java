/**
 * Word and character error rates computed as jiwer computes them: text transforms that reduce a
 * transcript to tokens ({@link org.wav2vec2spark.metrics.TextTransforms}), one minimum-edit
 * alignment algorithm ({@link org.wav2vec2spark.metrics.EditAligner}), raw counts that add up
 * across utterances ({@link org.wav2vec2spark.metrics.EditCounts}), and thin rates over summed
 * counts ({@link org.wav2vec2spark.metrics.ErrorRates}).
 */
package org.wav2vec2spark.metrics;
