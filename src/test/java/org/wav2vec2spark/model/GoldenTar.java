package org.wav2vec2spark.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.translate.TranslateException;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

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

/**
 * A golden tar written by a reference script under {@code scripts/parity/}: {@code
 * <id>.features.f32} and {@code <id>.logits.f32} (little-endian float32), {@code texts.tsv} (id,
 * tab, transcript) and {@code SOURCE.txt} (how it was made, and {@code model_sha256:} of the model
 * it belongs to).
 */
public final class GoldenTar {

    private final Path path;
    private final Map<String, byte[]> entries;

    private GoldenTar(Path path, Map<String, byte[]> entries) {
        this.path = path;
        this.entries = entries;
    }

    /** Reads every file entry of {@code tar} into memory. */
    public static GoldenTar read(Path tar) throws IOException {
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
        return new GoldenTar(tar, entries);
    }

    /** Fails, saying how to remake the tar, unless it was made for the model of this sha256. */
    public void assertMadeFor(String modelSha256, String howToRemake) {
        assertThat(new String(entry("SOURCE.txt"), StandardCharsets.UTF_8))
                .as("%s was made for another model; %s", path, howToRemake)
                .contains("model_sha256: " + modelSha256);
    }

    /** {@code <id>.<suffix>} float arrays by id, e.g. {@code arrays(".logits.f32")}. */
    public Map<String, float[]> arrays(String suffix) {
        Map<String, float[]> arrays = new TreeMap<>();
        entries.forEach(
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

    /**
     * Runs each utterance that has {@code <id>.logits.f32} through {@code predictor} alone and
     * asserts that its logits equal the golden ones within {@code tolerance}, with no argmax change
     * on frames whose golden top-two margin exceeds {@code margin} (random weights make near-ties).
     * Prints each utterance's figures after {@code label}.
     *
     * @return how many utterances were compared
     */
    public int assertBatchSizeOneLogits(
            LogitsPredictor predictor,
            SampleSpeech samples,
            double tolerance,
            double margin,
            String label)
            throws IOException, TranslateException {
        Map<String, float[]> expected = arrays(".logits.f32");
        for (Map.Entry<String, float[]> e : expected.entrySet()) {
            float[][] logits =
                    predictor.predict(List.of(samples.features(e.getKey(), path))).get(0);
            float[][] reference = LogitComparison.rows(e.getValue(), logits[0].length);
            assertThat(logits.length).as(e.getKey()).isEqualTo(reference.length);
            double max = LogitComparison.maxAbsDifference(reference, logits);
            int nearTies = reference.length - LogitComparison.framesAbove(reference, margin);
            System.out.printf(
                    "%s, %s: %d frames, max |difference| %.3g, %d under the margin%n",
                    label, e.getKey(), logits.length, max, nearTies);
            assertThat(max).as(e.getKey()).isLessThanOrEqualTo(tolerance);
            assertThat(LogitComparison.argmaxChanges(reference, logits, margin))
                    .as(e.getKey())
                    .isZero();
        }
        return expected.size();
    }

    /**
     * Runs every utterance that has {@code <id>.logits.f32} through {@code predictor} as one padded
     * batch (their lengths must differ, so the batch pads) and each alone, and asserts that every
     * utterance's batched logits equal its logits alone within {@code tolerance}, with no argmax
     * change on frames whose top-two margin alone exceeds {@code margin}. Prints the figures after
     * {@code label}.
     *
     * @return how many utterances were batched
     */
    public int assertPaddedBatchEqualsBatchSizeOne(
            LogitsPredictor predictor,
            SampleSpeech samples,
            double tolerance,
            double margin,
            String label)
            throws IOException, TranslateException {
        List<float[]> speech = new ArrayList<>();
        for (String id : arrays(".logits.f32").keySet()) {
            speech.add(samples.features(id, path));
        }
        assertThat(speech.stream().mapToInt(s -> s.length).distinct().count())
                .as("mixed lengths")
                .isEqualTo(speech.size());
        List<float[][]> batch = predictor.predict(speech);
        double max = 0;
        int argmaxChanges = 0;
        int nearTies = 0;
        int frames = 0;
        for (int i = 0; i < speech.size(); i++) {
            float[][] alone = predictor.predict(List.of(speech.get(i))).get(0);
            max = Math.max(max, LogitComparison.maxAbsDifference(alone, batch.get(i)));
            argmaxChanges += LogitComparison.argmaxChanges(alone, batch.get(i), margin);
            nearTies += alone.length - LogitComparison.framesAbove(alone, margin);
            frames += alone.length;
        }
        System.out.printf(
                "%s, padded batch of %d vs alone: max |difference| %.3g, argmax changes %d, %d of"
                        + " %d frames under the margin%n",
                label, speech.size(), max, argmaxChanges, nearTies, frames);
        assertThat(max).isLessThanOrEqualTo(tolerance);
        assertThat(argmaxChanges).isZero();
        return speech.size();
    }

    /** The transcripts of {@code texts.tsv} by id, in file order. */
    public Map<String, String> texts() {
        Map<String, String> texts = new LinkedHashMap<>();
        for (String line : new String(entry("texts.tsv"), StandardCharsets.UTF_8).split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int tab = line.indexOf('\t');
            assertThat(tab).as("%s texts.tsv line '%s'", path, line).isPositive();
            texts.put(line.substring(0, tab), line.substring(tab + 1));
        }
        return texts;
    }

    private byte[] entry(String name) {
        byte[] bytes = entries.get(name);
        if (bytes == null) {
            fail(path + " has no " + name + "; it has " + entries.keySet());
        }
        return bytes;
    }
}
