/**
 * What a run reports: per-utterance results, per-split summaries, {@code summary.json} and the
 * console table in the form of Kaldi's {@code compute-wer}.
 */
package org.wav2vec2spark.report;
