package org.wav2vec2spark.ctc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

/**
 * Cases in the style of transformers' Wav2Vec2CTCTokenizer tests: hand-made frame sequences over
 * the facebook/wav2vec2-large-960h vocabulary with the decoding derived in a comment.
 */
class CtcGreedyDecoderTest {

    // Ids in the large-960h vocab.json.
    private static final int PAD = 0;
    private static final int BOS = 1;
    private static final int EOS = 2;
    private static final int UNK = 3;
    private static final int BAR = 4;
    private static final int E = 5;
    private static final int T = 6;
    private static final int A = 7;
    private static final int O = 8;
    private static final int I = 10;
    private static final int H = 11;
    private static final int S = 12;
    private static final int L = 15;
    private static final int APOSTROPHE = 27;

    private static Vocabulary vocabulary;

    @BeforeAll
    static void readVocabulary() throws Exception {
        vocabulary = VocabJson.read(VocabJsonTest.largeVocabJson());
    }

    static Stream<Arguments> frameSequences() {
        return Stream.of(
                // HEEEEE||LLL<pad>LO<unk> => H E | L <pad> L O <unk> => HE LLO<unk>
                Arguments.of(
                        new int[] {H, E, E, E, E, E, BAR, BAR, L, L, L, PAD, L, O, UNK},
                        "HE LLO<unk>"),
                // the blank separates the two L's, the run of O's merges: HEL<pad>LOOO => HELLO
                Arguments.of(new int[] {H, E, L, PAD, L, O, O, O}, "HELLO"),
                // no blank between the L's: HELLO collapses to HELO
                Arguments.of(new int[] {H, E, L, L, O}, "HELO"),
                Arguments.of(new int[] {}, ""),
                Arguments.of(new int[] {PAD, PAD, PAD}, ""),
                // leading and trailing delimiters become spaces that strip() removes
                Arguments.of(new int[] {BAR, PAD, H, I, BAR, PAD, BAR}, "HI"),
                // |<pad>| is two delimiter runs => two spaces, as transformers gives
                Arguments.of(new int[] {A, BAR, PAD, BAR, I}, "A  I"),
                // skip_special_tokens=False: <s> and </s> are kept literally
                Arguments.of(new int[] {BOS, H, I, EOS}, "<s>HI</s>"),
                // ids 98 and 77 are outside the table: both map to <unk>, then merge as one run
                Arguments.of(new int[] {H, 98, 77, E}, "H<unk>E"),
                Arguments.of(new int[] {I, T, APOSTROPHE, S}, "IT'S"),
                // A | ' | S => "A ' S"; clean_up_tokenization turns " ' " into "'" => "A'S"
                Arguments.of(new int[] {A, BAR, APOSTROPHE, BAR, S}, "A'S"));
    }

    @ParameterizedTest
    @MethodSource("frameSequences")
    void decodesIdsAsTransformersBatchDecode(int[] ids, String expected) {
        assertThat(new CtcGreedyDecoder(vocabulary).decodeIds(ids)).isEqualTo(expected);
    }

    @Test
    void keepsSpacesAroundApostropheWithoutCleanup() {
        // A | ' | S => "A ' S" with clean_up_tokenization_spaces=False
        assertThat(
                        new CtcGreedyDecoder(
                                        Vocabulary.of(
                                                vocabulary.tokens(),
                                                new TokenizerSettings(
                                                        "<pad>", "|", "<unk>", " ", false, false)))
                                .decodeIds(new int[] {A, BAR, APOSTROPHE, BAR, S}))
                .isEqualTo("A ' S");
    }

    @Test
    void decodesWithATinyVocabulary() {
        CtcGreedyDecoder decoder =
                new CtcGreedyDecoder(Vocabulary.of(List.of("<pad>", "|", "A", "B")));
        // A A <pad> A | B => (A) <pad> (A) | (B) => "AA B"
        assertThat(decoder.decodeIds(new int[] {2, 2, 0, 2, 1, 3})).isEqualTo("AA B");
    }

    static List<Integer> pythonWhitespace() {
        return PythonWhitespaceGolden.codePoints();
    }

    @ParameterizedTest(name = "code point {0}")
    @MethodSource("pythonWhitespace")
    void stripsEveryPythonWhitespaceAsTheTokenizerDoes(int codePoint) {
        // convert_tokens_to_string ends in str.strip(), which removes every str.isspace() code
        // point, including the no-break spaces that Java's String.strip() keeps.
        String space = Character.toString(codePoint);
        CtcGreedyDecoder decoder =
                new CtcGreedyDecoder(Vocabulary.of(List.of("<pad>", "|", "A", "B", space)));
        // space A | B <pad> space => "{space}A B{space}" => strip() => "A B"
        assertThat(decoder.decodeIds(new int[] {4, 2, 1, 3, 0, 4})).isEqualTo("A B");
    }

    @ParameterizedTest(name = "code point {0}")
    @MethodSource("pythonWhitespace")
    void stripsAWordDelimiterReplacedByPythonWhitespace(int codePoint) {
        String space = Character.toString(codePoint);
        CtcGreedyDecoder decoder =
                new CtcGreedyDecoder(
                        Vocabulary.of(
                                List.of("<pad>", "|", "A", "B"),
                                new TokenizerSettings("<pad>", "|", "<unk>", space, false, false)));
        // | A | B | => "{space}A{space}B{space}" => strip() keeps only the inner one
        assertThat(decoder.decodeIds(new int[] {1, 2, 1, 3, 1})).isEqualTo("A" + space + "B");
    }

    static Stream<Arguments> argmaxCases() {
        float nan = Float.NaN;
        float inf = Float.NEGATIVE_INFINITY;
        return Stream.of(
                Arguments.of(new float[][] {{0.1f, 0.7f, 0.2f}}, new int[] {1}),
                // ties go to the lowest id, as torch.argmax
                Arguments.of(new float[][] {{1f, 1f, 0f}, {0f, 2f, 2f}}, new int[] {0, 1}),
                // NaN counts as the maximum, first NaN wins, as torch.argmax
                Arguments.of(new float[][] {{0f, nan, 5f, nan}}, new int[] {1}),
                Arguments.of(new float[][] {{nan, 5f}}, new int[] {0}),
                Arguments.of(new float[][] {{inf, inf}}, new int[] {0}),
                Arguments.of(new float[][] {}, new int[] {}));
    }

    @ParameterizedTest
    @MethodSource("argmaxCases")
    void takesArgmaxLikeTorch(float[][] logits, int[] expected) {
        assertThat(CtcGreedyDecoder.argmax(logits)).containsExactly(expected);
    }

    @Test
    void decodesLogits() {
        // frames whose maxima are H H <pad> E | | Y => "HE Y"
        int[] ids = {H, H, PAD, E, BAR, BAR, 22};
        float[][] logits = new float[ids.length][vocabulary.size()];
        for (int frame = 0; frame < ids.length; frame++) {
            for (int id = 0; id < vocabulary.size(); id++) {
                logits[frame][id] = -5f - id * 0.01f;
            }
            logits[frame][ids[frame]] = 3.5f;
        }
        assertThat(new CtcGreedyDecoder(vocabulary).decode(logits)).isEqualTo("HE Y");
    }

    @Test
    void rejectsLogitsOfTheWrongWidth() {
        float[][] logits = {new float[32], new float[31]};
        assertThatThrownBy(() -> new CtcGreedyDecoder(vocabulary).decode(logits))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Frame 1 of 2 must have one score per vocabulary token (32) but has 31");
    }
}
