package org.wav2vec2spark.report;

import java.util.Locale;

/**
 * Text for the HTML report: escaping of everything that comes from data, and the one way numbers
 * are printed, so that a test can find a figure in the page by formatting it the same way.
 */
final class HtmlText {

    /** What the report prints for a rate that is not defined (no reference words). */
    static final String UNDEFINED = "n/a";

    private HtmlText() {}

    /**
     * Escapes text for use in element content and in double- or single-quoted attribute values.
     * {@code null} becomes the empty string.
     */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    // Control characters other than tab and newline are not allowed in HTML text.
                    if (c < 0x20 && c != '\t' && c != '\n') {
                        out.append('\uFFFD');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /**
     * A rate given as a fraction, printed as a percentage with two decimals ({@code 0.02804 ->
     * "2.80"}), or {@link #UNDEFINED} when it is NaN or infinite.
     */
    static String percent(double fraction) {
        if (!Double.isFinite(fraction)) {
            return UNDEFINED;
        }
        return String.format(Locale.ROOT, "%.2f", 100 * fraction);
    }

    /** A plain number with the given decimals, {@link #UNDEFINED} when not finite. */
    static String number(double value, int decimals) {
        if (!Double.isFinite(value)) {
            return UNDEFINED;
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
