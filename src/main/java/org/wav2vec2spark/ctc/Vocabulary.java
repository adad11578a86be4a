package org.wav2vec2spark.ctc;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The id-to-token table of a wav2vec2 CTC head, with the tokenizer settings greedy decoding applies
 * ({@link TokenizerSettings}): the pad token (the CTC blank), the word delimiter (by default {@code
 * |}, decoded as a space) and the unknown token (what an id outside the table decodes to, as in
 * transformers).
 *
 * <p>Ids must be exactly {@code 0..size-1}: the model's logits are indexed by id, so a gap or a
 * duplicate would silently shift every later token. {@link VocabJson} reads one from a transformers
 * {@code vocab.json}.
 */
public final class Vocabulary {

    private final List<String> tokensById;
    private final Map<String, Integer> idsByToken;
    private final int padId;
    private final TokenizerSettings settings;

    private Vocabulary(
            List<String> tokensById,
            Map<String, Integer> idsByToken,
            TokenizerSettings settings,
            String source) {
        this.tokensById = List.copyOf(tokensById);
        this.idsByToken = Map.copyOf(idsByToken);
        this.settings = Objects.requireNonNull(settings, "settings");
        Integer pad = idsByToken.get(settings.padToken());
        if (pad == null) {
            throw new IllegalArgumentException(
                    source
                            + ": vocabulary must contain the pad token "
                            + settings.padToken()
                            + " (the CTC blank) but has only "
                            + describe(tokensById));
        }
        this.padId = pad;
    }

    /**
     * Builds a vocabulary with {@code Wav2Vec2CTCTokenizer}'s default settings.
     *
     * @param tokensById tokens in id order
     * @return the vocabulary
     * @throws IllegalArgumentException if a token is null or repeated, or {@code <pad>} is absent
     */
    public static Vocabulary of(List<String> tokensById) {
        return of(tokensById, TokenizerSettings.DEFAULTS);
    }

    /**
     * Builds a vocabulary whose token for id {@code i} is {@code tokensById.get(i)}.
     *
     * @param tokensById tokens in id order
     * @param settings the tokenizer settings its decoding applies
     * @return the vocabulary
     * @throws IllegalArgumentException if a token is null or repeated, or the settings' pad token
     *     is absent
     */
    public static Vocabulary of(List<String> tokensById, TokenizerSettings settings) {
        return of(tokensById, settings, "token list");
    }

    /**
     * Builds a vocabulary as {@link #of(List, TokenizerSettings)} does, naming {@code source} in
     * the missing-pad error so that a file's reader can say which file lacks the pad token.
     */
    static Vocabulary of(List<String> tokensById, TokenizerSettings settings, String source) {
        Objects.requireNonNull(tokensById, "tokensById");
        Map<String, Integer> ids = new HashMap<>();
        for (int id = 0; id < tokensById.size(); id++) {
            String token = tokensById.get(id);
            if (token == null) {
                throw new IllegalArgumentException("Token for id " + id + " must not be null");
            }
            Integer previous = ids.putIfAbsent(token, id);
            if (previous != null) {
                throw new IllegalArgumentException(
                        "Token '" + token + "' appears twice, at ids " + previous + " and " + id);
            }
        }
        return new Vocabulary(tokensById, ids, settings, source);
    }

    private static String describe(List<String> tokens) {
        return tokens.size() <= 40 ? tokens.toString() : tokens.size() + " tokens";
    }

    /**
     * @return the number of tokens, which must equal the model's logits width
     */
    public int size() {
        return tokensById.size();
    }

    /**
     * Looks up a token as transformers' {@code _convert_id_to_token} does.
     *
     * @param id a token id
     * @return the token, or the unknown token for an id outside {@code 0..size-1}
     */
    public String token(int id) {
        return id >= 0 && id < tokensById.size() ? tokensById.get(id) : settings.unkToken();
    }

    /**
     * @param token a token
     * @return its id, or -1 if the vocabulary lacks it
     */
    public int id(String token) {
        return idsByToken.getOrDefault(token, -1);
    }

    /**
     * @return the tokens in id order
     */
    public List<String> tokens() {
        return tokensById;
    }

    /**
     * @return the id of the pad token, which CTC uses as its blank
     */
    public int padId() {
        return padId;
    }

    /**
     * @return the pad token, the CTC blank
     */
    public String padToken() {
        return settings.padToken();
    }

    /**
     * @return the token decoded as {@link TokenizerSettings#replaceWordDelimiterChar()}
     */
    public String wordDelimiterToken() {
        return settings.wordDelimiterToken();
    }

    /**
     * @return the token an out-of-range id decodes to
     */
    public String unkToken() {
        return settings.unkToken();
    }

    /**
     * @return the tokenizer settings decoding applies
     */
    public TokenizerSettings settings() {
        return settings;
    }

    /**
     * Whether the text this vocabulary decodes to is lower case, so that scoring it against upper
     * case references needs case folding. True when {@link TokenizerSettings#doLowerCase()} is set,
     * or when the text tokens hold at least one lower-case letter and no upper-case one. Text
     * tokens are all tokens but the pad token (dropped), the word delimiter (replaced), the unknown
     * token and markup such as {@code <s>}, {@code </s>} or {@code [PAD]}: a token of two or more
     * characters in angle or square brackets, as transformers writes special tokens. A vocabulary
     * with both cases, or with no cased letter at all, is taken as written.
     *
     * @return whether decoded text is lower case
     */
    public boolean decodesLowerCase() {
        if (settings.doLowerCase()) {
            return true;
        }
        boolean lower = false;
        boolean upper = false;
        for (String token : tokensById) {
            if (isText(token)) {
                lower |= token.codePoints().anyMatch(Character::isLowerCase);
                upper |= token.codePoints().anyMatch(Character::isUpperCase);
            }
        }
        return lower && !upper;
    }

    /**
     * The characters greedy decoding can write: those of the text tokens (every token but the pad,
     * word-delimiter and unknown tokens and markup such as {@code <s>}) and of the word delimiter's
     * replacement, lower-cased too when {@code do_lower_case} is set. A reference character outside
     * this set counts as an error whatever the model hears.
     *
     * @return code points, in no particular order
     */
    public Set<Integer> writableCharacters() {
        Set<Integer> writable = new HashSet<>();
        settings.replaceWordDelimiterChar().codePoints().forEach(writable::add);
        for (String token : tokensById) {
            if (isText(token)) {
                token.codePoints().forEach(writable::add);
                if (settings.doLowerCase()) {
                    token.toLowerCase(Locale.ROOT).codePoints().forEach(writable::add);
                }
            }
        }
        return writable;
    }

    private boolean isText(String token) {
        boolean markup =
                token.length() >= 2
                        && (token.startsWith("<") && token.endsWith(">")
                                || token.startsWith("[") && token.endsWith("]"));
        return !markup
                && !token.equals(settings.padToken())
                && !token.equals(settings.wordDelimiterToken())
                && !token.equals(settings.unkToken());
    }

    @Override
    public String toString() {
        return "Vocabulary" + describe(tokensById);
    }
}
