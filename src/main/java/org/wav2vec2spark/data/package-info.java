/**
 * Input data: the LibriSpeech folder layout, its transcript files, and the Spark datasets of
 * utterances built from them.
 *
 * <p>Listing happens on the driver and carries only paths; audio and transcript bytes are read on
 * the executors.
 */
package org.wav2vec2spark.data;
