/**
 * What a run reports, and the files it is reported in.
 *
 * <ul>
 *   <li>Results: per-utterance results ({@link org.wav2vec2spark.report.UtteranceResult}),
 *       per-split and per-run summaries ({@link org.wav2vec2spark.report.SplitSummary}, {@link
 *       org.wav2vec2spark.report.RunSummary}) and the nightly check's verdicts as the report shows
 *       them ({@link org.wav2vec2spark.report.SplitVerdict}, {@link
 *       org.wav2vec2spark.report.NightlyVerdict}, {@link org.wav2vec2spark.report.HistoryPoint}).
 *   <li>Persistence: {@code summary.json} ({@link org.wav2vec2spark.report.SummaryJson}) and the
 *       JSON field reads it shares with the nightly history ({@link
 *       org.wav2vec2spark.report.JsonFields}).
 *   <li>The report's figures: what the HTML report shows, computed from the run's results ({@link
 *       org.wav2vec2spark.report.ReportContents}, made by {@link
 *       org.wav2vec2spark.report.ReportContentsCalculator} from bootstrap intervals, {@link
 *       org.wav2vec2spark.report.SpeakerSummary}, {@link org.wav2vec2spark.report.WorstUtterances}
 *       and {@link org.wav2vec2spark.report.ConfusionCounter}).
 *   <li>Rendering: the console table in the form of Kaldi's {@code compute-wer} ({@link
 *       org.wav2vec2spark.report.ComputeWerTable}) and the self-contained HTML report ({@link
 *       org.wav2vec2spark.report.HtmlReport}), which lays out those figures with its inline SVG
 *       charts, word alignments, speaker and confusion tables.
 *   <li>Transcript-file scoring for the score job: two transcript files compared as {@code
 *       compute-wer} compares them ({@link org.wav2vec2spark.report.TranscriptComparison}, {@link
 *       org.wav2vec2spark.report.ScoringMode}, {@link org.wav2vec2spark.report.ScoredTranscript}).
 * </ul>
 *
 * <p>Whether a run regressed is decided in the next stage, {@code org.wav2vec2spark.nightly}; this
 * package never uses it.
 */
package org.wav2vec2spark.report;
