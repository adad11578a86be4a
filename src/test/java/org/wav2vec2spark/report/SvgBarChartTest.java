package org.wav2vec2spark.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.util.List;

class SvgBarChartTest {

    @Test
    void barLengthsAreProportionalToTheLargestValue() {
        Document svg =
                Xml.parse(
                        SvgBarChart.render(
                                "WER",
                                List.of(
                                        new SvgBarChart.Bar("a", 40),
                                        new SvgBarChart.Bar("b", 10),
                                        new SvgBarChart.Bar("c", 0)),
                                "%"));

        List<Element> rects = Xml.select(svg, "//rect");
        assertThat(rects).hasSize(3);
        // The largest value fills the bar area; 10 is a quarter of 40.
        assertThat(width(rects.get(0))).isEqualTo(SvgBarChart.BAR_AREA);
        assertThat(width(rects.get(1))).isEqualTo(SvgBarChart.BAR_AREA / 4.0);
        assertThat(width(rects.get(2))).isZero();
        assertThat(Xml.select(svg, "//text[@class='value']"))
                .extracting(Element::getTextContent)
                .containsExactly("40.00%", "10.00%", "0.00%");
    }

    @Test
    void undefinedValuesDrawNoBarAndSayWhy() {
        Document svg =
                Xml.parse(
                        SvgBarChart.render(
                                "WER",
                                List.of(
                                        new SvgBarChart.Bar("a", 5),
                                        new SvgBarChart.Bar("b", Double.NaN)),
                                "%"));

        assertThat(width(Xml.select(svg, "//rect").get(1))).isZero();
        assertThat(Xml.text(svg, "//g[2]/text[@class='value']")).isEqualTo(HtmlText.UNDEFINED);
    }

    @Test
    void labelsAreEscapedAndLongOnesShortenedWithTheFullTextInTheTooltip() {
        String label = "<b>&\"speaker\" with a very long name indeed";
        Document svg =
                Xml.parse(SvgBarChart.render("t", List.of(new SvgBarChart.Bar(label, 1)), ""));

        assertThat(Xml.select(svg, "//b")).isEmpty();
        String shown = Xml.text(svg, "//text[@class='label']");
        assertThat(shown)
                .hasSize(SvgBarChart.MAX_LABEL_CHARS)
                .startsWith("<b>&\"")
                .endsWith("\u2026");
        assertThat(Xml.text(svg, "//g/title")).isEqualTo(label + ": 1.00");
    }

    @Test
    void emptyChartIsStillWellFormed() {
        Document svg = Xml.parse(SvgBarChart.render("none", List.of(), "%"));

        assertThat(Xml.select(svg, "//rect")).isEmpty();
        assertThat(svg.getDocumentElement().getAttribute("aria-label")).isEqualTo("none");
    }

    private static double width(Element rect) {
        return Double.parseDouble(rect.getAttribute("width"));
    }
}
