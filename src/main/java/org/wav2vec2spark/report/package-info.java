/**
 * What a run reports: per-utterance results, per-split summaries, {@code summary.json}, the console
 * table in the form of Kaldi's {@code compute-wer}, and the self-contained HTML report ({@link
 * org.wav2vec2spark.report.HtmlReport}) with its inline SVG charts and word alignments.
 */
package org.wav2vec2spark.report;
