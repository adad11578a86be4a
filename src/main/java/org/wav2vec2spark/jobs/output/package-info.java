/**
 * What the driver does with a run's results: the run summary and report (evaluate and nightly), the
 * refusal of utterances the input gave twice ({@link
 * org.wav2vec2spark.jobs.output.DuplicateUtterances}), the decision whether an existing evaluate or
 * score output folder may be replaced and its safe replacement ({@link
 * org.wav2vec2spark.jobs.output.SummaryCollector}, {@link
 * org.wav2vec2spark.jobs.output.ReportWriter}, {@link
 * org.wav2vec2spark.jobs.output.ExistingOutput}, {@link
 * org.wav2vec2spark.jobs.output.OutputReplacement}), the folder the console's {@code Results:} line
 * names ({@link org.wav2vec2spark.jobs.output.ResultsLocation}), the transcribe job's numbered runs
 * ({@link org.wav2vec2spark.jobs.output.OutputRuns}, {@link
 * org.wav2vec2spark.jobs.output.OutputLock}, {@link
 * org.wav2vec2spark.jobs.output.TranscribeSummary}), and the nightly job's reading of finished runs
 * and its history file ({@link org.wav2vec2spark.jobs.output.RunOutputs}, {@link
 * org.wav2vec2spark.jobs.output.RunHistory}, {@link org.wav2vec2spark.jobs.output.BaselineFolder}).
 *
 * <p>Driver only. It reads the rows and accumulators of {@code org.wav2vec2spark.jobs.executor},
 * and nothing in that package depends on this one.
 */
package org.wav2vec2spark.jobs.output;
