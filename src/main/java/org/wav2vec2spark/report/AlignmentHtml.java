package org.wav2vec2spark.report;

import org.wav2vec2spark.metrics.Alignment;
import org.wav2vec2spark.metrics.AlignmentChunk;
import org.wav2vec2spark.metrics.EditAligner;
import org.wav2vec2spark.metrics.TextTransforms;

import java.util.List;

/**
 * Renders the word alignment of a hypothesis to its reference as HTML: one column per aligned
 * position, the reference word above the hypothesis word, so that columns wrap like text and stay
 * aligned. Errors are marked three ways, so that colour is never the only cue: an element that
 * carries meaning ({@code <del>} for reference words that were deleted or substituted, {@code
 * <ins>} for hypothesis words that were inserted or substituted in), a letter (S, D, I) under the
 * column, and a class for the colour ({@code sub}, {@code del}, {@code ins}). A missing word is
 * shown as {@code ***}, as sclite prints it.
 */
final class AlignmentHtml {

    /** What a column shows on the side that has no word. */
    static final String GAP = "***";

    private AlignmentHtml() {}

    /**
     * Aligns and renders one utterance, tokenised as WER tokenises it.
     *
     * @param reference reference text ({@code null} is empty)
     * @param hypothesis hypothesis text ({@code null} is empty)
     * @return a {@code <div class="alignment">} element
     */
    static String render(String reference, String hypothesis) {
        List<String> ref = TextTransforms.WER_DEFAULT.apply(reference == null ? "" : reference);
        List<String> hyp = TextTransforms.WER_DEFAULT.apply(hypothesis == null ? "" : hypothesis);
        return EditAligner.alignWithinLimit(ref, hyp)
                .map(alignment -> render(ref, hyp, alignment))
                .orElseGet(
                        () ->
                                "<div class=\"alignment too-long\"><p>Too long to align ("
                                        + ref.size()
                                        + " reference and "
                                        + hyp.size()
                                        + " hypothesis words).</p><p>REF: "
                                        + HtmlText.escape(reference)
                                        + "</p><p>HYP: "
                                        + HtmlText.escape(hypothesis)
                                        + "</p></div>");
    }

    /**
     * Renders an alignment already computed for these tokens.
     *
     * @param ref reference tokens
     * @param hyp hypothesis tokens
     * @param alignment their alignment
     * @return a {@code <div class="alignment">} element
     */
    static String render(List<String> ref, List<String> hyp, Alignment alignment) {
        // Columns run in the reference's reading direction: Hebrew or Arabic from the right.
        StringBuilder html =
                new StringBuilder(
                        rightToLeft(ref, hyp)
                                ? "<div class=\"alignment\" dir=\"rtl\">"
                                : "<div class=\"alignment\">");
        html.append(
                "<span class=\"col head\" aria-hidden=\"true\"><span class=\"r\">REF</span>"
                        + "<span class=\"h\">HYP</span><span class=\"op\">&#160;</span></span>");
        for (AlignmentChunk chunk : alignment.chunks()) {
            for (int k = 0; k < chunk.length(); k++) {
                String r = chunk.refEnd() > chunk.refStart() ? ref.get(chunk.refStart() + k) : null;
                String h = chunk.hypEnd() > chunk.hypStart() ? hyp.get(chunk.hypStart() + k) : null;
                switch (chunk.operation()) {
                    case EQUAL -> column(html, "eq", null, plain(r), plain(h), "&#160;");
                    case SUBSTITUTE ->
                            column(html, "sub", "substitution", deleted(r), inserted(h), "S");
                    case DELETE -> column(html, "del", "deletion", deleted(r), gap(), "D");
                    case INSERT -> column(html, "ins", "insertion", gap(), inserted(h), "I");
                }
            }
        }
        return html.append("</div>").toString();
    }

    private static void column(
            StringBuilder html, String cls, String name, String r, String h, String op) {
        html.append("<span class=\"col ").append(cls).append('"');
        if (name != null) {
            html.append(" title=\"").append(name).append('"');
        }
        html.append("><span class=\"r\">")
                .append(r)
                .append("</span><span class=\"h\">")
                .append(h)
                .append("</span><span class=\"op\">")
                .append(op)
                .append("</span></span>");
    }

    /**
     * Whether the first letter with a direction, in the reference or else the hypothesis, is of a
     * right-to-left script, as a browser's {@code dir="auto"} decides; the column of labels that
     * starts the alignment has none of its own to decide by.
     */
    static boolean rightToLeft(List<String> ref, List<String> hyp) {
        for (List<String> words : List.of(ref, hyp)) {
            for (String word : words) {
                for (int i = 0; i < word.length(); ) {
                    int c = word.codePointAt(i);
                    switch (Character.getDirectionality(c)) {
                        case Character.DIRECTIONALITY_LEFT_TO_RIGHT:
                            return false;
                        case Character.DIRECTIONALITY_RIGHT_TO_LEFT,
                        Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC:
                            return true;
                        default:
                            i += Character.charCount(c);
                    }
                }
            }
        }
        return false;
    }

    private static String plain(String word) {
        return HtmlText.escape(word);
    }

    private static String deleted(String word) {
        return "<del>" + HtmlText.escape(word) + "</del>";
    }

    private static String inserted(String word) {
        return "<ins>" + HtmlText.escape(word) + "</ins>";
    }

    private static String gap() {
        return "<span class=\"gap\">" + GAP + "</span>";
    }
}
