package org.wav2vec2spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.Device;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.wav2vec2spark.audio.AudioReader;
import org.wav2vec2spark.ctc.CtcGreedyDecoder;
import org.wav2vec2spark.ctc.Vocabulary;
import org.wav2vec2spark.features.ZeroMeanUnitVarianceNormalizer;
import org.wav2vec2spark.model.LogitComparison;
import org.wav2vec2spark.model.LogitsPredictor;
import org.wav2vec2spark.model.ModelDirectory;
import org.wav2vec2spark.model.Wav2Vec2Model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The Java pipeline against a reference implementation's outputs, link by link, on the bundled
 * samples and model. A subclass names a golden tar written by a script under {@code
 * scripts/parity/}: {@code <id>.features.f32} (model input) and {@code <id>.logits.f32} (float32,
 * batch size 1, {@code [frames][vocabulary]}) for some utterances, {@code texts.tsv} (id and greedy
 * transcript) for every sample, and {@code SOURCE.txt} with the sha256 of the model the outputs
 * belong to. A golden tar that is not committed yet makes the tests skip, saying how to make it;
 * one made for another model fails, saying to regenerate it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ReferenceGoldenChecks {

    private static final Path SAMPLES = Path.of("data-samples/LibriSpeech");
    private static final Path MODEL = Path.of("data-samples/model");
    private static final double FEATURE_TOLERANCE = 1e-6;
    private static final double LOGIT_TOLERANCE = 1e-4;
    private static final double ARGMAX_MARGIN = 1e-3;

    private Map<String, byte[]> golden;
    private ModelDirectory model;
    private Map<String, Path> sampleFlacs;

    /**
     * @return the golden tar, relative to the project root
     */
    abstract Path golden();

    /**
     * @return what to run to make or remake {@link #golden()}, for the skip and failure messages
     */
    abstract String howToMake();

    /**
     * The form in which a transcript is compared with the reference's {@code texts.tsv}.
     *
     * @param transcript a transcript, ours or the reference's
     * @return the transcript itself, unless the reference writes transcripts differently
     */
    String comparable(String transcript) {
        return transcript;
    }

    @BeforeAll
    void readGolden() throws Exception {
        if (!Files.isRegularFile(golden())) {
            return;
        }
        golden = readTar(golden());
        model = ModelDirectory.open(MODEL);
        sampleFlacs = findSampleFlacs();
    }

    @BeforeEach
    void goldenOfTheBundledModel() {
        Assumptions.assumeTrue(
                golden != null, golden() + " is not there yet: " + howToMake() + " and commit it");
        String source = new String(entry("SOURCE.txt"), StandardCharsets.UTF_8);
        assertThat(source)
                .as(
                        "%s was made for another data-samples/model; after retraining, %s",
                        golden(), howToMake())
                .contains("model_sha256: " + model.metadata().sha256());
    }

    @Test
    void featuresEqualTheReferenceModelInput() throws Exception {
        Map<String, float[]> expected = arrays(".features.f32");
        assertThat(expected).isNotEmpty();
        for (Map.Entry<String, float[]> e : expected.entrySet()) {
            float[] features = features(e.getKey());
            assertThat(features).as(e.getKey()).hasSameSizeAs(e.getValue());
            double max = LogitComparison.maxAbsDifference(e.getValue(), features);
            System.out.printf("features %s: max |difference| %.3g%n", e.getKey(), max);
            assertThat(max).as(e.getKey()).isLessThanOrEqualTo(FEATURE_TOLERANCE);
        }
    }

    @Test
    void logitsEqualTheReferenceAtBatchSizeOne() throws Exception {
        Map<String, float[]> expected = arrays(".logits.f32");
        assertThat(expected).isNotEmpty();
        int vocabularySize = model.tokensById().size();
        try (Wav2Vec2Model loaded = Wav2Vec2Model.load(model, Device.cpu());
                LogitsPredictor predictor = loaded.newPredictor()) {
            for (Map.Entry<String, float[]> e : expected.entrySet()) {
                float[][] logits = predictor.predict(List.of(features(e.getKey()))).get(0);
                float[][] reference = LogitComparison.rows(e.getValue(), vocabularySize);
                assertThat(logits.length).as(e.getKey()).isEqualTo(reference.length);
                double max = LogitComparison.maxAbsDifference(reference, logits);
                int argmaxMismatches =
                        LogitComparison.argmaxChanges(reference, logits, ARGMAX_MARGIN);
                System.out.printf(
                        "logits %s: %d frames, max |difference| %.3g%n",
                        e.getKey(), logits.length, max);
                assertThat(max).as(e.getKey()).isLessThanOrEqualTo(LOGIT_TOLERANCE);
                assertThat(argmaxMismatches).as(e.getKey()).isZero();
            }
        }
    }

    @Test
    void greedyDecodingOfTheReferenceLogitsEqualsItsTexts() throws Exception {
        Map<String, String> texts = texts();
        CtcGreedyDecoder decoder = new CtcGreedyDecoder(Vocabulary.of(model.tokensById()));
        int vocabularySize = model.tokensById().size();
        Map<String, float[]> logits = arrays(".logits.f32");
        assertThat(logits).isNotEmpty();
        for (Map.Entry<String, float[]> e : logits.entrySet()) {
            float[][] frames = LogitComparison.rows(e.getValue(), vocabularySize);
            assertThat(comparable(decoder.decode(frames)))
                    .as(e.getKey())
                    .isEqualTo(texts.get(e.getKey()));
        }
    }

    @Test
    void everySampleTranscribesAsTheReferenceDoes() throws Exception {
        Map<String, String> texts = texts();
        assertThat(texts).hasSize(sampleFlacs.size());
        CtcGreedyDecoder decoder = new CtcGreedyDecoder(Vocabulary.of(model.tokensById()));
        List<String> differing = new ArrayList<>();
        try (Wav2Vec2Model loaded = Wav2Vec2Model.load(model, Device.cpu());
                LogitsPredictor predictor = loaded.newPredictor()) {
            for (Map.Entry<String, String> e : texts.entrySet()) {
                float[][] logits = predictor.predict(List.of(features(e.getKey()))).get(0);
                String ours = comparable(decoder.decode(logits));
                if (!ours.equals(e.getValue())) {
                    differing.add(
                            e.getKey() + ": ours '" + ours + "', reference '" + e.getValue() + "'");
                }
            }
        }
        assertThat(differing)
                .as("utterances whose transcript differs from the reference's")
                .isEmpty();
    }

    private float[] features(String utteranceId) throws IOException {
        Path flac = sampleFlacs.get(utteranceId);
        if (flac == null) {
            fail(golden() + " names " + utteranceId + ", which is not a sample under " + SAMPLES);
        }
        float[] audio = AudioReader.readMono16k(Files.readAllBytes(flac), flac.toString());
        return ZeroMeanUnitVarianceNormalizer.normalize(audio);
    }

    private static Map<String, Path> findSampleFlacs() throws IOException {
        Map<String, Path> byId = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SAMPLES)) {
            files.filter(p -> p.toString().endsWith(".flac"))
                    .forEach(p -> byId.put(p.getFileName().toString().replace(".flac", ""), p));
        }
        return byId;
    }

    private Map<String, String> texts() {
        Map<String, String> texts = new LinkedHashMap<>();
        String tsv = new String(entry("texts.tsv"), StandardCharsets.UTF_8);
        for (String line : tsv.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int tab = line.indexOf('\t');
            assertThat(tab).as("texts.tsv line '%s'", line).isPositive();
            texts.put(line.substring(0, tab), line.substring(tab + 1));
        }
        return texts;
    }

    private Map<String, float[]> arrays(String suffix) {
        Map<String, float[]> arrays = new TreeMap<>();
        golden.forEach(
                (name, bytes) -> {
                    if (name.endsWith(suffix)) {
                        float[] values = new float[bytes.length / Float.BYTES];
                        ByteBuffer.wrap(bytes)
                                .order(ByteOrder.LITTLE_ENDIAN)
                                .asFloatBuffer()
                                .get(values);
                        arrays.put(name.substring(0, name.length() - suffix.length()), values);
                    }
                });
        return arrays;
    }

    private byte[] entry(String name) {
        byte[] bytes = golden.get(name);
        if (bytes == null) {
            fail(golden() + " has no " + name + "; it has " + golden.keySet());
        }
        return bytes;
    }

    private static Map<String, byte[]> readTar(Path tar) throws IOException {
        Map<String, byte[]> entries = new TreeMap<>();
        try (InputStream in = Files.newInputStream(tar);
                TarArchiveInputStream archive = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = archive.getNextEntry();
                    e != null;
                    e = archive.getNextEntry()) {
                if (e.isFile()) {
                    entries.put(e.getName(), archive.readAllBytes());
                }
            }
        }
        return entries;
    }
}
