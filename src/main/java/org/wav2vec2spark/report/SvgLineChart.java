package org.wav2vec2spark.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A line chart of one series as inline SVG: values over equally spaced points in the given order
 * (runs over time), with a zero-based y axis so that changes are not exaggerated. Each point
 * carries its label and exact value as a tooltip.
 */
final class SvgLineChart {

    static final int WIDTH = 640;
    static final int HEIGHT = 220;
    static final int LEFT = 56;
    static final int RIGHT = 24;
    static final int TOP = 16;
    static final int BOTTOM = 44;
    static final int Y_TICKS = 4;

    /**
     * One point.
     *
     * @param label what the point is, e.g. the run time (escaped when drawn)
     * @param value its value in the chart's unit; NaN or infinite points are left out
     */
    record Point(String label, double value) {
        /** Checks that the label is present. */
        Point {
            Objects.requireNonNull(label, "label");
        }
    }

    private SvgLineChart() {}

    /**
     * Draws the points left to right in the given order, joined by a line.
     *
     * @param title accessible name of the chart
     * @param points the series
     * @param unit appended to printed values, e.g. {@code "%"}
     * @return an {@code <svg>} element
     */
    static String render(String title, List<Point> points, String unit) {
        List<Point> drawn = new ArrayList<>();
        for (Point point : points) {
            if (Double.isFinite(point.value())) {
                drawn.add(point);
            }
        }
        double max = drawn.stream().mapToDouble(Point::value).max().orElse(0);
        double yMax = niceCeiling(max * 1.1);
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        StringBuilder svg = new StringBuilder();
        svg.append(
                String.format(
                        Locale.ROOT,
                        "<svg class=\"chart line-chart\" viewBox=\"0 0 %d %d\" width=\"%d\""
                                + " height=\"%d\" role=\"img\" aria-label=\"%s\">",
                        WIDTH,
                        HEIGHT,
                        WIDTH,
                        HEIGHT,
                        HtmlText.escape(title)));
        svg.append("<title>").append(HtmlText.escape(title)).append("</title>");
        for (int k = 0; k <= Y_TICKS; k++) {
            double value = yMax * k / Y_TICKS;
            double y = TOP + plotHeight - plotHeight * (double) k / Y_TICKS;
            svg.append(
                    String.format(
                            Locale.ROOT,
                            "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>"
                                    + "<text class=\"tick\" x=\"%d\" y=\"%.1f\""
                                    + " text-anchor=\"end\">%s</text>",
                            LEFT,
                            y,
                            LEFT + plotWidth,
                            y,
                            LEFT - 6,
                            y + 4,
                            HtmlText.escape(tick(value) + unit)));
        }
        List<double[]> xy = new ArrayList<>();
        for (int i = 0; i < drawn.size(); i++) {
            double x =
                    drawn.size() == 1
                            ? LEFT + plotWidth / 2.0
                            : LEFT + plotWidth * (double) i / (drawn.size() - 1);
            double y = TOP + plotHeight - plotHeight * drawn.get(i).value() / yMax;
            xy.add(new double[] {x, y});
        }
        if (xy.size() > 1) {
            StringBuilder line = new StringBuilder();
            for (double[] p : xy) {
                line.append(String.format(Locale.ROOT, "%.1f,%.1f ", p[0], p[1]));
            }
            svg.append("<polyline class=\"series\" fill=\"none\" points=\"")
                    .append(line.toString().strip())
                    .append("\"/>");
        }
        for (int i = 0; i < drawn.size(); i++) {
            Point point = drawn.get(i);
            svg.append(
                    String.format(
                            Locale.ROOT,
                            "<circle class=\"point\" cx=\"%.1f\" cy=\"%.1f\""
                                    + " r=\"4\"><title>%s</title></circle>",
                            xy.get(i)[0],
                            xy.get(i)[1],
                            HtmlText.escape(
                                    point.label()
                                            + ": "
                                            + HtmlText.number(point.value(), 2)
                                            + unit)));
        }
        appendXLabels(svg, drawn, xy);
        return svg.append("</svg>").toString();
    }

    /** First and last labels under the axis; the rest are in the tooltips. */
    private static void appendXLabels(StringBuilder svg, List<Point> drawn, List<double[]> xy) {
        if (drawn.isEmpty()) {
            return;
        }
        int y = HEIGHT - BOTTOM + 18;
        if (drawn.size() == 1) {
            appendXLabel(svg, xy.get(0)[0], y, "middle", drawn.get(0).label());
            return;
        }
        appendXLabel(svg, xy.get(0)[0], y, "start", drawn.get(0).label());
        appendXLabel(svg, xy.get(xy.size() - 1)[0], y, "end", drawn.get(drawn.size() - 1).label());
    }

    private static void appendXLabel(
            StringBuilder svg, double x, int y, String anchor, String label) {
        svg.append(
                String.format(
                        Locale.ROOT,
                        "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"%s\">%s</text>",
                        x,
                        y,
                        anchor,
                        HtmlText.escape(label)));
    }

    /** The smallest of 1, 2, 2.5, 5 times a power of ten that is at least {@code value}. */
    static double niceCeiling(double value) {
        if (!(value > 0)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * power >= value * (1 - 1e-12)) {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static String tick(double value) {
        return java.math.BigDecimal.valueOf(value)
                .setScale(2, java.math.RoundingMode.HALF_UP)
                .stripTrailingZeros()
                .toPlainString();
    }
}
