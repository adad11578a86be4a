package org.wav2vec2spark.model;

import static org.junit.jupiter.api.Assertions.fail;

import org.wav2vec2spark.audio.AudioReader;
import org.wav2vec2spark.features.ZeroMeanUnitVarianceNormalizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The bundled sample utterances as model input, found by utterance id. */
public final class SampleSpeech {

    /** The bundled LibriSpeech-layout samples; tests run from the project root. */
    public static final Path SAMPLES = Path.of("data-samples", "LibriSpeech");

    private final Map<String, Path> flacsById;

    private SampleSpeech(Map<String, Path> flacsById) {
        this.flacsById = flacsById;
    }

    /** Lists every sample FLAC once. */
    public static SampleSpeech list() throws IOException {
        Map<String, Path> byId = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SAMPLES)) {
            files.filter(p -> p.toString().endsWith(".flac"))
                    .forEach(p -> byId.put(p.getFileName().toString().replace(".flac", ""), p));
        }
        return new SampleSpeech(byId);
    }

    /** The sample utterances' ids, in order. */
    public Set<String> ids() {
        return flacsById.keySet();
    }

    /** How many sample utterances there are. */
    public int size() {
        return flacsById.size();
    }

    /**
     * The utterance decoded by the project's reader and normalised as the job does.
     *
     * @param utteranceId e.g. {@code 70-445368-0000}
     * @param namedBy what names the id, for the failure message when it is not a sample
     */
    public float[] features(String utteranceId, Object namedBy) throws IOException {
        Path flac = flacsById.get(utteranceId);
        if (flac == null) {
            fail(namedBy + " names " + utteranceId + ", which is not a sample under " + SAMPLES);
        }
        float[] audio = AudioReader.readMono16k(Files.readAllBytes(flac), flac.toString());
        return ZeroMeanUnitVarianceNormalizer.normalize(audio);
    }
}
