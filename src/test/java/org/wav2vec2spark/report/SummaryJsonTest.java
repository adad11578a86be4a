package org.wav2vec2spark.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.wav2vec2spark.StrictJson.strictlyParsed;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.wav2vec2spark.metrics.CaseFolding;
import org.wav2vec2spark.metrics.EditCounts;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

class SummaryJsonTest {

    @Test
    void readsBackWhatItWrote() {
        RunSummary summary = sample();

        RunSummary read = SummaryJson.fromJson(SummaryJson.toJson(summary), "summary.json");

        assertThat(read).isEqualTo(summary);
    }

    @Test
    void readsASummaryWrittenBeforeOutOfMemorySplitsWereCountedAsHavingNone() {
        JsonObject json = JsonParser.parseString(SummaryJson.toJson(sample())).getAsJsonObject();
        json.getAsJsonObject("run").remove("out_of_memory_splits");

        RunSummary read = SummaryJson.fromJson(json.toString(), "runs/old/summary.json");

        assertThat(read.run().outOfMemorySplits()).isZero();
        assertThat(read.run().batches()).isEqualTo(sample().run().batches());
    }

    @Test
    void readsBackACaseFoldedRun() {
        RunSummary summary = withCaseFolding(sample(), CaseFolding.UPPER);

        String json = SummaryJson.toJson(summary);

        assertThat(
                        JsonParser.parseString(json)
                                .getAsJsonObject()
                                .getAsJsonObject("run")
                                .get("case_folding")
                                .getAsString())
                .isEqualTo("upper");
        assertThat(SummaryJson.fromJson(json, "summary.json")).isEqualTo(summary);
    }

    @Test
    void readsASummaryWrittenBeforeCaseFoldingAsScoredAsWritten() {
        JsonObject json =
                JsonParser.parseString(
                                SummaryJson.toJson(withCaseFolding(sample(), CaseFolding.UPPER)))
                        .getAsJsonObject();
        json.getAsJsonObject("run").remove("case_folding");

        RunSummary read = SummaryJson.fromJson(json.toString(), "runs/old/summary.json");

        assertThat(read.run().caseFolding()).isEqualTo(CaseFolding.NONE);
    }

    @Test
    void namesTheFileWhenTheCaseFoldingIsUnknown() {
        JsonObject json = JsonParser.parseString(SummaryJson.toJson(sample())).getAsJsonObject();
        json.getAsJsonObject("run").addProperty("case_folding", "lower");

        assertThatThrownBy(() -> SummaryJson.fromJson(json.toString(), "runs/x/summary.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "runs/x/summary.json is not a summary.json of this project: case_folding"
                                + " must be none or upper, got 'lower'");
    }

    private static RunSummary withCaseFolding(RunSummary summary, CaseFolding caseFolding) {
        RunSummary.RunInfo run = summary.run();
        return new RunSummary(
                summary.splits(),
                summary.model(),
                run.withCaseFolding(caseFolding),
                summary.failures());
    }

    @Test
    void namesTheFileWhenItIsNotASummary() {
        assertThatThrownBy(() -> SummaryJson.fromJson("{\"splits\": {}}", "runs/x/summary.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "runs/x/summary.json is not a summary.json of this project");
    }

    @Test
    void writesStrictJsonWithNullForAnUndefinedRate() throws IOException {
        String text = SummaryJson.toJson(sample());

        assertThat(text).doesNotContain("NaN").contains("\"wer\": null", "\"cer\": null");
        assertThat(strictlyParsed(text).getAsJsonObject().has("splits")).isTrue();
    }

    @Test
    void keepsTheShapeOtherToolsRead() {
        JsonObject json = JsonParser.parseString(SummaryJson.toJson(sample())).getAsJsonObject();

        JsonObject clean = json.getAsJsonObject("splits").getAsJsonObject("test-clean");
        assertThat(clean.get("utterances").getAsLong()).isEqualTo(2620);
        assertThat(clean.get("failed").getAsLong()).isZero();
        assertThat(clean.get("words").getAsLong()).isEqualTo(52576);
        assertThat(clean.get("substitutions").getAsLong()).isEqualTo(1202);
        assertThat(clean.get("deletions").getAsLong()).isEqualTo(120);
        assertThat(clean.get("insertions").getAsLong()).isEqualTo(150);
        assertThat(clean.get("wer").getAsDouble()).isEqualTo(1472.0 / 52576);
        assertThat(clean.get("cer").getAsDouble()).isEqualTo(4900.0 / 284000);
        // A split with no scored utterance has no defined rate: null, not 0, and not a bare NaN,
        // which is no JSON.
        JsonObject other = json.getAsJsonObject("splits").getAsJsonObject("test-other");
        assertThat(other.get("wer").isJsonNull()).isTrue();
        assertThat(other.get("cer").isJsonNull()).isTrue();
        assertThat(json.getAsJsonObject("model").get("id").getAsString())
                .isEqualTo("facebook/wav2vec2-large-960h");
        JsonObject run = json.getAsJsonObject("run");
        assertThat(run.get("audio_seconds").getAsDouble()).isEqualTo(38452.5);
        assertThat(run.get("wall_seconds").getAsDouble()).isEqualTo(100);
        assertThat(run.get("model_loads").getAsLong()).isEqualTo(4);
        assertThat(run.get("out_of_memory_splits").getAsLong()).isEqualTo(3);
        assertThat(run.get("case_folding").getAsString()).isEqualTo("none");
        assertThat(run.get("rtfx").getAsDouble()).isEqualTo(384.525);
        assertThat(
                        json.getAsJsonArray("failures")
                                .get(0)
                                .getAsJsonObject()
                                .get("error")
                                .getAsString())
                .isEqualTo("bad \"flac\"");
    }

    private static RunSummary sample() {
        Map<String, SplitSummary> splits = new TreeMap<>();

        // 52576 reference words with 1472 errors: the model card's test-clean WER of 2.8%.
        splits.put(
                "test-clean",
                new SplitSummary(
                        "test-clean",
                        2620,
                        0,
                        19452.5,
                        new EditCounts(51254, 1202, 120, 150),
                        new EditCounts(280000, 3000, 1000, 900)));
        splits.put(
                "test-other",
                new SplitSummary("test-other", 2939, 2939, 0.0, EditCounts.ZERO, EditCounts.ZERO));
        return new RunSummary(
                splits,
                new RunSummary.ModelInfo(
                        "facebook/wav2vec2-large-960h", "hdfs:///m", "ab", "float32"),
                new RunSummary.RunInfo(
                        "2026-11-25T10:00:00Z", "spark://m:7077", 38452.5, 100, 4, 4, 300, 0.8, 3),
                List.of(new RunSummary.FailedUtterance("test-other", "1-2-3", "bad \"flac\"")));
    }
}
