package org.wav2vec2spark.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wav2vec2spark.Chromium;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The report's layout as headless Chromium renders it: whatever the transcripts hold, the page fits
 * the window and never scrolls sideways.
 */
class HtmlReportLayoutIT {

    @Test
    void aWordOrErrorOfThousandsOfCharactersWrapsInsideTheWindow(@TempDir Path dir)
            throws Exception {
        // A model without word delimiters writes each utterance as one word; a failure may quote
        // a long path. Both reach the word-error tables and the failure table.
        String longWord = "\u4e2d\u6587".repeat(1_000);
        String longError = "cannot read file:/" + "deep/".repeat(400) + "a.flac";
        List<UtteranceResult> utterances =
                List.of(
                        Results.scored("c1", "clean", "1", "A SHORT ONE", longWord),
                        Results.scored("c2", "clean", "1", longWord + "X", "A SHORT ONE"),
                        Results.failed("o1", "other", "3", longError));
        String html =
                HtmlReport.render(
                        ReportContentsCalculator.calculate(
                                ReportInput.complete(
                                        HtmlReportTest.summaryOf(utterances),
                                        utterances,
                                        List.of())));
        Path page = Files.writeString(dir.resolve("report.html"), html, StandardCharsets.UTF_8);
        Files.createDirectories(dir.resolve("profile"));

        int overflow = Chromium.find().overflowWidth(page, 1280, dir.resolve("profile"));

        assertThat(html).contains(longWord, "deep/deep/");
        assertThat(overflow).as("pixels the page is wider than a 1280 px window").isZero();
    }
}
