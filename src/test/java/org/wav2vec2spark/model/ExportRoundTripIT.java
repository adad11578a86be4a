package org.wav2vec2spark.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wav2vec2spark.audio.AudioReader;
import org.wav2vec2spark.features.ZeroMeanUnitVarianceNormalizer;

/**
 * The export tool on a Hugging Face checkpoint, checked with the project's own DJL.
 *
 * <p>scripts/model_to_checkpoint.py writes the bundled model out as a transformers checkpoint
 * folder (model.safetensors and configs); scripts/export_wav2vec2.py must turn that back into the
 * same model.pt byte for byte with exact batching, and into a plain export whose batch-size-1
 * logits are the exact export's. The plain export also shows why exact batching exists: padded, its
 * logits move.
 */
class ExportRoundTripIT {

    @TempDir
    static Path temp;

    private static Path checkpoint;

    @BeforeAll
    static void writeCheckpoint() throws Exception {
        checkpoint = temp.resolve("checkpoint");
        python("scripts/model_to_checkpoint.py", BundledModel.DIRECTORY.toString(), checkpoint.toString());
        assertThat(checkpoint.resolve("model.safetensors")).isRegularFile();
    }

    @Test
    void exportsTheSameArchiveWithExactBatching() throws Exception {
        Path exported = temp.resolve("exact");
        python("scripts/export_wav2vec2.py", "--model", checkpoint.toString(), "--out", exported.toString());

        ModelMetadata bundled = ModelDirectory.open(BundledModel.DIRECTORY).metadata();
        ModelMetadata metadata = ModelDirectory.open(exported).metadata();
        assertThat(metadata.sha256()).isEqualTo(bundled.sha256());
        assertThat(metadata.exactBatching()).isTrue();
        assertThat(metadata.createdBy()).isEqualTo("scripts/export_wav2vec2.py");
        assertThat(Files.readAllBytes(exported.resolve("model.pt")))
                .isEqualTo(Files.readAllBytes(BundledModel.DIRECTORY.resolve("model.pt")));
    }

    @Test
    void plainExportMatchesAtBatchSizeOneAndLeaksPaddingInABatch() throws Exception {
        Path plainDirectory = temp.resolve("plain");
        python("scripts/export_wav2vec2.py", "--model", checkpoint.toString(), "--out", plainDirectory.toString(),
                "--no-exact");
        List<float[]> speech = sampleSpeech();

        try (Wav2Vec2Model exact = Wav2Vec2Model.load(ModelDirectory.open(BundledModel.DIRECTORY), Device.cpu());
                Wav2Vec2Model plain = Wav2Vec2Model.load(ModelDirectory.open(plainDirectory), Device.cpu());
                LogitsPredictor exactPredictor = exact.newPredictor();
                LogitsPredictor plainPredictor = plain.newPredictor()) {
            assertThat(plain.directory().metadata().takesLengths()).isFalse();
            double aloneDifference = 0;
            for (float[] utterance : speech) {
                aloneDifference = Math.max(aloneDifference, maxDifference(
                        exactPredictor.predict(List.of(utterance)).get(0),
                        plainPredictor.predict(List.of(utterance)).get(0)));
            }
            List<float[][]> exactBatch = exactPredictor.predict(speech);
            List<float[][]> plainBatch = plainPredictor.predict(speech);
            double exactLeak = 0;
            double plainLeak = 0;
            for (int i = 0; i < speech.size(); i++) {
                float[][] alone = exactPredictor.predict(List.of(speech.get(i))).get(0);
                exactLeak = Math.max(exactLeak, maxDifference(alone, exactBatch.get(i)));
                plainLeak = Math.max(plainLeak, maxDifference(alone, plainBatch.get(i)));
            }
            System.out.printf("plain vs exact export, alone: %.3g; in a padded batch of %d: exact %.3g, plain %.3g%n",
                    aloneDifference, speech.size(), exactLeak, plainLeak);
            assertThat(aloneDifference).isLessThanOrEqualTo(1e-4);
            assertThat(exactLeak).isLessThanOrEqualTo(1e-4);
            assertThat(plainLeak).isGreaterThan(1e-2);
        }
    }

    /** Four utterances of different lengths from the bundled samples, normalised. */
    private static List<float[]> sampleSpeech() throws IOException, org.wav2vec2spark.audio.AudioFormatException {
        List<float[]> speech = new ArrayList<>();
        for (String id : List.of("89-94172-0000", "89-94172-0001", "89-94172-0002", "89-94172-0003")) {
            Path flac = Path.of("data-samples/LibriSpeech/test-clean/89/94172", id + ".flac");
            float[] audio = AudioReader.readMono16k(Files.readAllBytes(flac), flac.toString());
            speech.add(ZeroMeanUnitVarianceNormalizer.normalize(audio));
        }
        return speech;
    }

    private static double maxDifference(float[][] expected, float[][] actual) {
        assertThat(actual.length).isEqualTo(expected.length);
        double max = 0;
        for (int f = 0; f < expected.length; f++) {
            for (int v = 0; v < expected[f].length; v++) {
                max = Math.max(max, Math.abs(expected[f][v] - actual[f][v]));
            }
        }
        return max;
    }

    private static void python(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).inheritIO().start();
        assertThat(process.waitFor()).as(String.join(" ", command)).isZero();
    }
}
