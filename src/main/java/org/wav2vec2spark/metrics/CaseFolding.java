package org.wav2vec2spark.metrics;

import java.util.Locale;

/**
 * Whether reference and hypothesis are compared as written or both upper-cased first. LibriSpeech
 * references are upper case, so a model that writes lower case (a community fine-tune with {@code
 * do_lower_case}, or a lower-case vocabulary) would otherwise get every word wrong; evaluation
 * scripts for such models normalise case before jiwer, and {@link #UPPER} does the same.
 */
public enum CaseFolding {
    /** Compared as written, as jiwer's and Kaldi's defaults do. */
    NONE("none"),
    /**
     * Both upper-cased with {@link Locale#ROOT} first, as jiwer's {@code ToUpperCase} step does;
     * upper-case text is left as it is, so an upper-case model scores exactly as with {@link
     * #NONE}.
     */
    UPPER("upper");

    private final String jsonName;

    CaseFolding(String jsonName) {
        this.jsonName = jsonName;
    }

    /**
     * Applies the folding to one transcript.
     *
     * @param text a transcript, or {@code null}
     * @return the folded transcript, {@code null} for {@code null}
     */
    public String apply(String text) {
        return this == UPPER && text != null ? text.toUpperCase(Locale.ROOT) : text;
    }

    /**
     * The value {@code summary.json} records ({@code run.case_folding}).
     *
     * @return {@code none} or {@code upper}
     */
    public String jsonName() {
        return jsonName;
    }

    /**
     * Parses a value written by {@link #jsonName()}.
     *
     * @param value {@code none} or {@code upper}
     * @return the folding
     * @throws IllegalArgumentException naming the value for anything else
     */
    public static CaseFolding fromJsonName(String value) {
        for (CaseFolding folding : values()) {
            if (folding.jsonName.equals(value)) {
                return folding;
            }
        }
        throw new IllegalArgumentException(
                "case_folding must be none or upper, got '" + value + "'");
    }
}
