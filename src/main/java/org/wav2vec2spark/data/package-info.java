/**
 * Input data: the LibriSpeech folder layout and its transcript files, OpenSLR's tar archives,
 * Hugging Face's librispeech_asr Parquet files, Kaldi text files, the listings of the transcribe
 * job's inputs, and the Spark datasets of utterances and recordings built from them, in partitions
 * planned by audio duration or size.
 *
 * <p>Listing happens on the driver and carries only paths; audio and transcript bytes are read on
 * the executors.
 */
package org.wav2vec2spark.data;
