package org.wav2vec2spark.ctc;

/**
 * transformers' {@code PreTrainedTokenizerBase.clean_up_tokenization}: removes the space a
 * word-piece tokenizer leaves before punctuation and English contractions. The rules are
 * case-sensitive and applied in this order, each to the whole string.
 */
final class TokenizationSpaceCleanup {

    private static final String[][] REPLACEMENTS = {
        {" .", "."},
        {" ?", "?"},
        {" !", "!"},
        {" ,", ","},
        {" ' ", "'"},
        {" n't", "n't"},
        {" 'm", "'m"},
        {" 's", "'s"},
        {" 've", "'ve"},
        {" 're", "'re"},
    };

    private TokenizationSpaceCleanup() {}

    static String apply(String text) {
        String cleaned = text;
        for (String[] replacement : REPLACEMENTS) {
            cleaned = cleaned.replace(replacement[0], replacement[1]);
        }
        return cleaned;
    }
}
