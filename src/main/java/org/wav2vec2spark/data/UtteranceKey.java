package org.wav2vec2spark.data;

import java.io.Serializable;

/**
 * Where an utterance sits in the LibriSpeech layout.
 *
 * @param split the split folder, e.g. {@code test-clean}
 * @param speaker the speaker id, e.g. {@code 1089}
 * @param chapter the chapter id, e.g. {@code 134686}
 * @param id the utterance id, {@code <speaker>-<chapter>-<utt>}
 */
public record UtteranceKey(String split, String speaker, String chapter, String id)
        implements Serializable {}
