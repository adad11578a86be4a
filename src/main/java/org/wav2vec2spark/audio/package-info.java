/**
 * Decoding of FLAC and WAV files to 16 kHz mono float samples, the input the wav2vec2 feature
 * extractor expects.
 *
 * <p>{@link org.wav2vec2spark.audio.AudioReader} is the entry point: it detects the container,
 * decodes it with {@link org.wav2vec2spark.audio.FlacDecoder} or {@link
 * org.wav2vec2spark.audio.WavDecoder}, down-mixes several channels by averaging them and rejects
 * any rate other than 16000 Hz. The FLAC decoder is our own (no native code, no LGPL dependency);
 * its tests compare it sample for sample with the reference {@code flac -d}. Every format problem
 * is reported as an {@link org.wav2vec2spark.audio.AudioFormatException} whose message names the
 * file and what was wrong where.
 *
 * <p>Plain Java: nothing here depends on Spark.
 */
package org.wav2vec2spark.audio;
