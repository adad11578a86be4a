package org.wav2vec2spark.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The report's style sheet, {@code report.css} next to this class, inlined into every page. */
final class ReportStyle {

    /** The style sheet's text. */
    static final String CSS = load();

    private ReportStyle() {}

    private static String load() {
        try (InputStream in = ReportStyle.class.getResourceAsStream("report.css")) {
            if (in == null) {
                throw new IllegalStateException(
                        "report.css is missing next to " + ReportStyle.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read report.css", e);
        }
    }
}
