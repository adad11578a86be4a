package org.wav2vec2spark.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.util.List;

class SvgLineChartTest {

    private static final int PLOT_HEIGHT =
            SvgLineChart.HEIGHT - SvgLineChart.TOP - SvgLineChart.BOTTOM;
    private static final int PLOT_WIDTH =
            SvgLineChart.WIDTH - SvgLineChart.LEFT - SvgLineChart.RIGHT;

    @ParameterizedTest
    @CsvSource({
        "0, 1",
        "0.9, 1",
        "1, 1",
        "1.1, 2",
        "2.2, 2.5",
        "3.08, 5",
        "6.3, 10",
        "11, 20",
        "110, 200"
    })
    void axisTopIsTheNextRoundValue(double value, double ceiling) {
        assertThat(SvgLineChart.niceCeiling(value)).isEqualTo(ceiling);
    }

    @Test
    void pointsAreSpacedEvenlyOnAZeroBasedAxis() {
        // Max 4.0 -> axis top niceCeiling(4.4) = 5, so 4.0 sits at 80% of the plot height.
        Document svg =
                Xml.parse(
                        SvgLineChart.render(
                                "WER",
                                List.of(
                                        new SvgLineChart.Point("r1", 4.0),
                                        new SvgLineChart.Point("r2", 2.0),
                                        new SvgLineChart.Point("r3", 0.0)),
                                "%"));

        List<Element> points = Xml.select(svg, "//circle");
        assertThat(points).hasSize(3);
        double bottom = SvgLineChart.TOP + PLOT_HEIGHT;
        assertThat(cy(points.get(0))).isCloseTo(bottom - 0.8 * PLOT_HEIGHT, within(0.1));
        assertThat(cy(points.get(1))).isCloseTo(bottom - 0.4 * PLOT_HEIGHT, within(0.1));
        assertThat(cy(points.get(2))).isCloseTo(bottom, within(0.1));
        assertThat(cx(points.get(1)) - cx(points.get(0))).isCloseTo(PLOT_WIDTH / 2.0, within(0.1));
        assertThat(Xml.select(svg, "//polyline")).hasSize(1);
        assertThat(Xml.select(svg, "//circle/title"))
                .extracting(Element::getTextContent)
                .containsExactly("r1: 4.00%", "r2: 2.00%", "r3: 0.00%");
        assertThat(Xml.select(svg, "//text[@class='tick']"))
                .extracting(Element::getTextContent)
                .contains("0%", "1.25%", "5%", "r1", "r3");
    }

    @Test
    void singlePointIsCentredWithoutALine() {
        Document svg =
                Xml.parse(
                        SvgLineChart.render(
                                "WER", List.of(new SvgLineChart.Point("<now>", 3.0)), "%"));

        assertThat(Xml.select(svg, "//polyline")).isEmpty();
        assertThat(cx(Xml.select(svg, "//circle").get(0)))
                .isCloseTo(SvgLineChart.LEFT + PLOT_WIDTH / 2.0, within(0.1));
        assertThat(Xml.text(svg, "//circle/title")).isEqualTo("<now>: 3.00%");
    }

    @Test
    void undefinedValuesAreLeftOut() {
        Document svg =
                Xml.parse(
                        SvgLineChart.render(
                                "WER",
                                List.of(
                                        new SvgLineChart.Point("a", Double.NaN),
                                        new SvgLineChart.Point("b", 1.0)),
                                "%"));

        assertThat(Xml.select(svg, "//circle")).hasSize(1);
    }

    private static double cx(Element circle) {
        return Double.parseDouble(circle.getAttribute("cx"));
    }

    private static double cy(Element circle) {
        return Double.parseDouble(circle.getAttribute("cy"));
    }
}
