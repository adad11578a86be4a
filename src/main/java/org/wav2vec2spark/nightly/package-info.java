/**
 * The nightly regression decision: whether today's run regressed, split by split, and what the
 * history keeps of each run so that the next night can compare with it.
 *
 * <p>{@link org.wav2vec2spark.nightly.RegressionCheck} applies the thresholds of a {@link
 * org.wav2vec2spark.nightly.RegressionPolicy} (failed utterances, the preset's fixed expectation,
 * and a paired bootstrap against the previous comparable run over the {@link
 * org.wav2vec2spark.nightly.UtteranceOutcome}s of both runs) and returns one {@code
 * report.SplitVerdict} per split. A {@link org.wav2vec2spark.nightly.HistoryRecord} is one line of
 * the history file; runs are comparable when their {@link
 * org.wav2vec2spark.nightly.DataFingerprint}s and splits match.
 *
 * <p>This stage comes after {@code report}: it reads the split summaries and writes the verdicts
 * that the report renders, and {@code report} never uses it. Plain Java; the history file and the
 * run folders are read and written by {@code jobs.output}.
 */
package org.wav2vec2spark.nightly;
