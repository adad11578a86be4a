/**
 * The Spark jobs: {@code main()} parses options, fails fast on configuration mistakes, then {@code
 * run(spark, options)} does the work.
 *
 * <p>This package holds the entry points ({@code EvaluateJob}, {@code TranscribeJob}, {@code
 * ScoreJob}, {@code NightlyJob}, {@code DoctorJob}) with their options and parsers, and the other
 * driver-side pieces they use (the session, the model source, the evaluate job's inputs, batching
 * and result checks, the utterances of archives and Parquet, the partition count, progress
 * logging). Below it, with dependencies pointing one way only ({@code jobs -> cli, executor,
 * output}; {@code output -> executor}):
 *
 * <ul>
 *   <li>{@link org.wav2vec2spark.jobs.cli}: the command-line option framework;
 *   <li>{@link org.wav2vec2spark.jobs.executor}: what runs inside Spark tasks;
 *   <li>{@link org.wav2vec2spark.jobs.output}: what the driver does with the results.
 * </ul>
 *
 * <p>The driver/executor boundary is explicit: executors receive small immutable specs and build
 * their heavy objects (the model) once per JVM.
 */
package org.wav2vec2spark.jobs;
