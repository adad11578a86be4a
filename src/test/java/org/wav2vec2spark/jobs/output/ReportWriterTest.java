package org.wav2vec2spark.jobs.output;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wav2vec2spark.SparkTestBase;
import org.wav2vec2spark.jobs.executor.ResultRows;
import org.wav2vec2spark.metrics.UtteranceScore;
import org.wav2vec2spark.metrics.UtteranceScorer;
import org.wav2vec2spark.report.ReportInput;
import org.wav2vec2spark.report.RunSummary;
import org.wav2vec2spark.report.UtteranceResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Collecting results for the report and writing it, on rows made in memory (no model). */
class ReportWriterTest extends SparkTestBase {
    @TempDir Path output;

    @Test
    void rowsConvertBackToTheResultsTheyWereMadeFrom() {
        List<UtteranceResult> results = results(5);

        ReportInput input = ReportWriter.collect(dataset(results), summary(), List.of(), 10);

        assertThat(input.utterances()).containsExactlyInAnyOrderElementsOf(results);
        assertThat(input.sampled()).isFalse();
    }

    @Test
    void largeRunsAreSampledTheSameWayEveryTime() {
        Dataset<Row> rows = dataset(results(20));

        ReportInput first = ReportWriter.collect(rows, summary(), List.of(), 7);
        ReportInput second = ReportWriter.collect(rows.repartition(3), summary(), List.of(), 7);

        assertThat(first.utterances()).hasSize(7);
        assertThat(first.utterancesInRun()).isEqualTo(20);
        assertThat(first.sampled()).isTrue();
        assertThat(second.utterances()).containsExactlyElementsOf(first.utterances());
    }

    @Test
    void writesTheReportAndAJsonLinesCopy() throws IOException {
        String uri = output.resolve("run").toUri().toString();

        ReportWriter.write(
                jsc.hadoopConfiguration(), dataset(results(4)), summary(), uri, List.of());

        Path report = output.resolve("run").resolve(ReportWriter.REPORT_FILE);
        assertThat(Files.readString(report))
                .startsWith("<!DOCTYPE html>")
                .contains("u-2"); // an utterance with errors, so in the worst list
        List<String> lines = new ArrayList<>();
        try (Stream<Path> parts =
                Files.list(output.resolve("run").resolve(ReportWriter.JSON_COPY))) {
            for (Path part : parts.filter(p -> p.toString().endsWith(".json")).toList()) {
                lines.addAll(Files.readAllLines(part));
            }
        }
        assertThat(lines)
                .hasSize(4)
                .allSatisfy(line -> assertThat(line).contains("\"error\":null"));
    }

    private static List<UtteranceResult> results(int n) {
        List<UtteranceResult> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            UtteranceScore score =
                    UtteranceScorer.score("A B C <D>", i % 2 == 0 ? "A B X" : "A B C <D>");
            results.add(
                    new UtteranceResult(
                            "u-" + i,
                            "clean",
                            "s" + (i % 3),
                            "1",
                            "file:/a/u-" + i + ".flac",
                            1.5 + i,
                            "A B C <D>",
                            i % 2 == 0 ? "A B X" : "A B C <D>",
                            score.words(),
                            score.chars(),
                            UtteranceResult.OK,
                            null));
        }
        return results;
    }

    private static Dataset<Row> dataset(List<UtteranceResult> results) {
        return spark.createDataFrame(
                results.stream().map(ResultRows::toRow).toList(), ResultRows.SCHEMA);
    }

    private static RunSummary summary() {
        return new RunSummary(
                Map.of(),
                new RunSummary.ModelInfo("m", "file:/m", "", "float32"),
                new RunSummary.RunInfo("2026-01-01T00:00:00Z", "local[2]", 0, 1, 1, 1, 1, 1, 0),
                List.of());
    }
}
