package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wav2vec2spark.SparkTestBase;
import org.wav2vec2spark.model.ModelDirectory;
import org.wav2vec2spark.report.RunSummary;
import org.wav2vec2spark.report.SplitSummary;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The evaluate job against the model card's own evaluation loop on the bundled samples and model:
 * {@code src/test/resources/parity/model-card.json} holds what that loop gives (transformers'
 * processor, {@code Wav2Vec2ForCTC} at batch size 1, argmax, {@code batch_decode}, then {@code
 * jiwer.wer} and {@code jiwer.cer} per split), made by {@code scripts/parity/model_card_eval.py}
 * with transformers 5.12.1 and jiwer 4.0.0. The job, with its defaults (padded batches of the exact
 * export, several partitions), must give every transcription word for word and each split's WER and
 * CER to the last bit.
 */
class ModelCardLoopTest extends SparkTestBase {

    private static final Path GOLDEN = Path.of("src/test/resources/parity/model-card.json");

    @TempDir Path output;

    @Test
    void werCerAndEveryTranscriptionEqualTheModelCardLoop() throws Exception {
        JsonObject golden = JsonParser.parseString(Files.readString(GOLDEN)).getAsJsonObject();
        String modelSha256 = ModelDirectory.open(SampleData.MODEL).metadata().sha256();
        assertThat(golden.get("model_sha256").getAsString())
                .as(
                        "%s was made for another data-samples/model; remake it with sudo"
                                + " scripts/with-transformers.sh env"
                                + " PYTHONPATH=/repo/target/jiwer-src python3"
                                + " scripts/parity/model_card_eval.py",
                        GOLDEN)
                .isEqualTo(modelSha256);

        RunSummary summary =
                EvaluateJob.run(
                        spark,
                        SampleData.evaluateOptions(
                                SampleData.ROOT.toString(), output.resolve("run")));
        Map<String, String> hypotheses = new HashMap<>();
        List<Row> rows =
                spark.read()
                        .parquet(output.resolve("run/utterances").toString())
                        .select("id", "hypothesis")
                        .collectAsList();
        rows.forEach(row -> hypotheses.put(row.getString(0), row.getString(1)));

        JsonObject splits = golden.getAsJsonObject("splits");
        assertThat(summary.splits().keySet()).isEqualTo(splits.keySet());
        for (String name : splits.keySet()) {
            JsonObject expected = splits.getAsJsonObject(name);
            SplitSummary actual = summary.splits().get(name);
            JsonObject transcriptions = expected.getAsJsonObject("transcriptions");
            assertThat(actual.utterances()).as(name).isEqualTo(transcriptions.size());
            for (String id : transcriptions.keySet()) {
                assertThat(hypotheses.get(id))
                        .as("%s %s", name, id)
                        .isEqualTo(transcriptions.get(id).getAsString());
            }
            System.out.printf(
                    "%s: WER %s (model card loop %s), CER %s (%s)%n",
                    name,
                    actual.wer(),
                    expected.get("wer").getAsDouble(),
                    actual.cer(),
                    expected.get("cer").getAsDouble());
            assertThat(actual.wer())
                    .as("%s WER", name)
                    .isEqualTo(expected.get("wer").getAsDouble());
            assertThat(actual.cer())
                    .as("%s CER", name)
                    .isEqualTo(expected.get("cer").getAsDouble());
        }
    }
}
