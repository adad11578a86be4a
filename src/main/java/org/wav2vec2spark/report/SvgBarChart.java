package org.wav2vec2spark.report;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A horizontal bar chart as inline SVG, one labelled bar per row, so the report needs no script or
 * network to show it. Each bar carries its exact value as text and as a tooltip.
 */
final class SvgBarChart {

    static final int WIDTH = 640;
    static final int LABEL_WIDTH = 170;
    static final int BAR_AREA = 380;
    static final int ROW_HEIGHT = 20;
    static final int MAX_LABEL_CHARS = 24;

    /**
     * One bar.
     *
     * @param label what the bar is for (escaped when drawn)
     * @param value its length, in the chart's unit; NaN or infinite values draw no bar
     */
    record Bar(String label, double value) {
        /** Checks that the label is present. */
        Bar {
            Objects.requireNonNull(label, "label");
        }
    }

    private SvgBarChart() {}

    /**
     * Draws the bars top to bottom in the given order.
     *
     * @param title accessible name of the chart
     * @param bars the bars
     * @param unit appended to each printed value, e.g. {@code "%"}
     * @return an {@code <svg>} element
     */
    static String render(String title, List<Bar> bars, String unit) {
        double max = 0;
        for (Bar bar : bars) {
            if (Double.isFinite(bar.value())) {
                max = Math.max(max, bar.value());
            }
        }
        double scale = max > 0 ? BAR_AREA / max : 0;
        int height = Math.max(1, bars.size()) * ROW_HEIGHT + 4;
        StringBuilder svg = new StringBuilder();
        svg.append(
                String.format(
                        Locale.ROOT,
                        "<svg class=\"chart bar-chart\" viewBox=\"0 0 %d %d\" width=\"%d\""
                                + " height=\"%d\" role=\"img\" aria-label=\"%s\">",
                        WIDTH,
                        height,
                        WIDTH,
                        height,
                        HtmlText.escape(title)));
        svg.append("<title>").append(HtmlText.escape(title)).append("</title>");
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            int y = 2 + i * ROW_HEIGHT;
            double length = Double.isFinite(bar.value()) ? Math.max(0, bar.value() * scale) : 0;
            String value =
                    Double.isFinite(bar.value())
                            ? HtmlText.number(bar.value(), 2) + unit
                            : HtmlText.UNDEFINED;
            svg.append("<g class=\"bar\"><title>")
                    .append(HtmlText.escape(bar.label() + ": " + value))
                    .append("</title>");
            svg.append(
                    String.format(
                            Locale.ROOT,
                            "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" class=\"label\">%s</text>",
                            LABEL_WIDTH - 6,
                            y + 14,
                            HtmlText.escape(shorten(bar.label()))));
            svg.append(
                    String.format(
                            Locale.ROOT,
                            "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\"/>",
                            LABEL_WIDTH,
                            y + 2,
                            length,
                            ROW_HEIGHT - 4));
            svg.append(
                    String.format(
                            Locale.ROOT,
                            "<text x=\"%.1f\" y=\"%d\" class=\"value\">%s</text></g>",
                            LABEL_WIDTH + length + 4,
                            y + 14,
                            HtmlText.escape(value)));
        }
        return svg.append("</svg>").toString();
    }

    private static String shorten(String label) {
        if (label.codePointCount(0, label.length()) <= MAX_LABEL_CHARS) {
            return label;
        }
        int end = label.offsetByCodePoints(0, MAX_LABEL_CHARS - 1);
        return label.substring(0, end) + "\u2026";
    }
}
