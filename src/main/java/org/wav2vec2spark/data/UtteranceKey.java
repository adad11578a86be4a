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
        implements Serializable {

    /**
     * What audio and transcript lines are joined on: the id within its split, since a chapter
     * copied to a split folder of its own repeats its ids, and joining on the id alone would pair
     * each copy's audio with every copy's line.
     *
     * @param split the split folder
     * @param utteranceId the utterance id
     * @return {@code <split>/<id>}
     */
    public static String joinKey(String split, String utteranceId) {
        return split + "/" + utteranceId;
    }
}
