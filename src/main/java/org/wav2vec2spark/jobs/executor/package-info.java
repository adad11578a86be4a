/**
 * What runs inside Spark tasks on the executors: the {@code mapPartitions} functions ({@link
 * org.wav2vec2spark.jobs.executor.EvaluatePartitionFunction}, {@link
 * org.wav2vec2spark.jobs.executor.TranscribePartitionFunction}), the small immutable specs the
 * driver sends with them ({@link org.wav2vec2spark.jobs.executor.EvaluationSpec}, {@link
 * org.wav2vec2spark.jobs.executor.TranscribeSpec}, {@link
 * org.wav2vec2spark.jobs.executor.ModelLocation}), the per-partition work they do, the accumulators
 * they fill ({@link org.wav2vec2spark.jobs.executor.JobMetrics}) and the row schemas of what they
 * yield ({@link org.wav2vec2spark.jobs.executor.ResultRows}, {@link
 * org.wav2vec2spark.jobs.executor.TranscriptRows}).
 *
 * <p>Everything a task needs is here or in the stages below the jobs, so the driver/executor
 * boundary is this package's public surface: the driver builds specs and functions, executors take
 * the model once per JVM ({@code TaskModel}). {@link org.wav2vec2spark.jobs.executor.DjlDefaults}
 * is also applied on the driver, before the engine starts there. Nothing here depends on the other
 * {@code jobs} packages.
 */
package org.wav2vec2spark.jobs.executor;
