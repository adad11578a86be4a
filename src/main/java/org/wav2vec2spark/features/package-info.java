/**
 * Turns decoded 16 kHz mono waveforms into the model's {@code input_values}, as transformers'
 * {@code Wav2Vec2FeatureExtractor} does for a single unpadded utterance.
 */
package org.wav2vec2spark.features;
