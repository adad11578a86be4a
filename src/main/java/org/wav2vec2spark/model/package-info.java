/**
 * The acoustic model stage: a wav2vec2 CTC model directory (TorchScript, vocabulary, metadata), its
 * loading into DJL's PyTorch engine, batched inference from normalised audio to per-frame logits,
 * length-sorted batch planning, and the one-model-per-JVM cache executors share.
 *
 * <p>Everything here is plain Java and DJL; no Spark types. {@link
 * org.wav2vec2spark.model.ModelDirectory} is the only place that reads the directory's files, and
 * {@link org.wav2vec2spark.model.ModelCache} the only place that decides when a model is loaded.
 */
package org.wav2vec2spark.model;
