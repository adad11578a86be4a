package org.wav2vec2spark.model;

/**
 * One window of a long recording as transformers' automatic-speech-recognition pipeline cuts it,
 * and which of its logit frames survive stitching.
 *
 * @param start first sample of the window in the recording
 * @param length samples in the window (the last window may be shorter than the others)
 * @param keepFromFrame first logit frame kept: the left stride in frames, 0 for the first window
 * @param keepToFrame logit frame after the last one kept: the window's nominal frame count less the
 *     right stride in frames; the model's actual frame count may be lower, so callers clip to it
 */
public record AudioChunk(int start, int length, int keepFromFrame, int keepToFrame) {}
