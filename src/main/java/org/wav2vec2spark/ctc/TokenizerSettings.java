package org.wav2vec2spark.ctc;

import java.io.Serializable;
import java.util.Objects;

/**
 * The settings of transformers' {@code Wav2Vec2CTCTokenizer} that change what greedy decoding
 * gives, as a model's {@code tokenizer_config.json} and {@code special_tokens_map.json} set them.
 *
 * @param padToken the token dropped as the CTC blank ({@code pad_token})
 * @param wordDelimiterToken the token written as {@code replaceWordDelimiterChar} ({@code
 *     word_delimiter_token}); it need not be in the vocabulary
 * @param unkToken what an id outside the vocabulary decodes to ({@code unk_token})
 * @param replaceWordDelimiterChar what the word delimiter becomes in the text, and what separates
 *     words for word timings ({@code replace_word_delimiter_char})
 * @param doLowerCase whether the decoded text is lower-cased ({@code do_lower_case}; the word
 *     timings keep the vocabulary's case, as transformers' word offsets do)
 * @param cleanUpTokenizationSpaces whether transformers' {@code clean_up_tokenization} is applied
 *     ({@code clean_up_tokenization_spaces})
 */
public record TokenizerSettings(
        String padToken,
        String wordDelimiterToken,
        String unkToken,
        String replaceWordDelimiterChar,
        boolean doLowerCase,
        boolean cleanUpTokenizationSpaces)
        implements Serializable {

    /**
     * {@code Wav2Vec2CTCTokenizer}'s defaults: {@code <pad>}, {@code |}, {@code <unk>}, a space,
     * the case kept; the clean-up on, as transformers had it up to 4.44, when wav2vec2-large-960h
     * and its model card's figures were made. From 4.45 on, transformers defaults it off where
     * {@code tokenizer_config.json} does not say; the two differ only in a space before punctuation
     * or an apostrophe ({@code A ' S} against {@code A'S}; {@code n't} and the like for lower-case
     * vocabularies), and a directory chooses by setting the key.
     */
    public static final TokenizerSettings DEFAULTS =
            new TokenizerSettings("<pad>", "|", "<unk>", " ", false, true);

    /** Requires every token to be given. */
    public TokenizerSettings {
        Objects.requireNonNull(padToken, "padToken");
        Objects.requireNonNull(wordDelimiterToken, "wordDelimiterToken");
        Objects.requireNonNull(unkToken, "unkToken");
        Objects.requireNonNull(replaceWordDelimiterChar, "replaceWordDelimiterChar");
    }
}
