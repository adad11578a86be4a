/**
 * wav2vec2-spark: greedy-CTC wav2vec2 speech recognition and WER evaluation on Apache Spark.
 *
 * <p>Data flows one way through the stage packages: {@code data -> audio -> features -> model ->
 * ctc -> metrics -> report -> nightly}; {@code jobs} wires them into Spark jobs.
 */
package org.wav2vec2spark;
