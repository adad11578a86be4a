/**
 * The CTC vocabulary and greedy decoding of per-frame logits into transcripts, reproducing
 * transformers' {@code Wav2Vec2CTCTokenizer.batch_decode} on {@code argmax(logits)}.
 */
package org.wav2vec2spark.ctc;
