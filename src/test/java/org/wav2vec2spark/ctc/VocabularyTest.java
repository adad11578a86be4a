package org.wav2vec2spark.ctc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

class VocabularyTest {

    static Path largeVocabJson() throws URISyntaxException {
        return Path.of(
                VocabularyTest.class.getResource("/ctc/wav2vec2-large-960h-vocab.json").toURI());
    }

    @Test
    void readsTheLarge960hVocabulary() throws Exception {
        Vocabulary vocabulary = Vocabulary.fromVocabJson(largeVocabJson());

        assertThat(vocabulary.size()).isEqualTo(32);
        assertThat(vocabulary.padId()).isZero();
        assertThat(vocabulary.id("|")).isEqualTo(4);
        assertThat(vocabulary.token(3)).isEqualTo("<unk>");
        assertThat(vocabulary.token(27)).isEqualTo("'");
        assertThat(vocabulary.token(31)).isEqualTo("Z");
        assertThat(String.join("", vocabulary.tokens().subList(5, 27)))
                .isEqualTo("ETAONIHSRDLUMWCFGYPBVK");
    }

    @ParameterizedTest
    @CsvSource({"-1", "32", "98"})
    void mapsIdsOutsideTheTableToUnkAsTransformersDoes(int id) throws Exception {
        assertThat(Vocabulary.fromVocabJson(largeVocabJson()).token(id)).isEqualTo("<unk>");
    }

    @Test
    void theLarge960hVocabularyDecodesUpperCase() throws Exception {
        assertThat(Vocabulary.fromVocabJson(largeVocabJson()).decodesLowerCase()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = ';',
            value = {
                // tokens (space-separated); pad; unk; do_lower_case; decodes lower case
                "upper-case letters, lower-case markup; <pad> <s> </s> <unk> | E T '; <pad>;"
                        + " <unk>; false; false",
                "lower-case letters; <pad> <s> </s> <unk> | e t '; <pad>; <unk>; false; true",
                "lower-case letters, bracketed tokens; [PAD] [UNK] | a b; [PAD]; [UNK]; false;"
                        + " true",
                "do_lower_case over upper-case letters; <pad> | A B; <pad>; <unk>; true; true",
                "both cases; <pad> | a B; <pad>; <unk>; false; false",
                "no cased letter; <pad> | ' 1 2; <pad>; <unk>; false; false",
                "an upper-case unknown token is no text; <pad> UNK | a b; <pad>; UNK; false; true",
                "upper-case markup is no text; <pad> <S> [EOS] | a b; <pad>; <unk>; false;"
                        + " true",
                "lower-case accented letters; <pad> | é ü; <pad>; <unk>; false; true"
            })
    void decidesWhetherDecodedTextIsLowerCase(
            String description,
            String tokens,
            String pad,
            String unk,
            boolean doLowerCase,
            boolean lowerCase) {
        TokenizerSettings settings = new TokenizerSettings(pad, "|", unk, " ", doLowerCase, true);

        Vocabulary vocabulary = Vocabulary.of(List.of(tokens.split(" ")), settings);

        assertThat(vocabulary.decodesLowerCase()).as(description).isEqualTo(lowerCase);
    }

    @Test
    void buildsFromATokenList() {
        Vocabulary vocabulary = Vocabulary.of(List.of("|", "<pad>", "A"));

        assertThat(vocabulary.padId()).isEqualTo(1);
        assertThat(vocabulary.id("A")).isEqualTo(2);
        assertThat(vocabulary.id("B")).isEqualTo(-1);
    }

    @Test
    void rejectsATokenListWithoutPad() {
        assertThatThrownBy(() -> Vocabulary.of(List.of("|", "A")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "token list: vocabulary must contain the pad token <pad> (the CTC blank)"
                                + " but has only [|, A]");
    }

    @Test
    void rejectsARepeatedTokenInAList() {
        assertThatThrownBy(() -> Vocabulary.of(List.of("<pad>", "A", "A")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Token 'A' appears twice, at ids 1 and 2");
    }

    // Positions are Gson's JsonReader convention: the column just after the first character of the
    // offending value (so the second 1 in {"<pad>": 0, "A": 1, "B": 1}, at column 27, reads 28).
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = ';',
            value = {
                "duplicate id;       {\"<pad>\": 0, \"A\": 1, \"B\": 1};  vocab.json: id 1 is given"
                        + " to both 'A' and 'B' at line 1 column 28 path $.B",
                "gap in ids;         {\"<pad>\": 0, \"A\": 2};            vocab.json: ids must run"
                        + " from 0 to 1 without gaps, but id 1 is missing (ids present: [0, 2])",
                "missing pad;        {\"A\": 0, \"|\": 1};                 vocab.json: vocabulary"
                        + " must contain the pad token <pad> (the CTC blank) but has only [A, |]",
                "repeated token;     {\"<pad>\": 0, \"A\": 1, \"A\": 2};  vocab.json: token 'A' is"
                        + " listed twice at line 1 column 28 path $.A",
                "fractional id;      {\"<pad>\": 0.5};                     vocab.json: id of token"
                        + " '<pad>' must be an integer at line 1 column 11 path $.<pad>",
                "string id;          {\"<pad>\": \"0\"};                   vocab.json: expected an"
                        + " integer id for token '<pad>' but found STRING at line 1 column 12 path"
                        + " $.<pad>",
                "array;              [\"<pad>\"];                          vocab.json: expected an"
                    + " object mapping token to id but found BEGIN_ARRAY at line 1 column 2 path $",
            })
    void rejectsInvalidVocabJsonNamingTheProblem(String problem, String json, String message) {
        assertThatThrownBy(() -> Vocabulary.parseVocabJson(json, "vocab.json"))
                .isInstanceOf(IOException.class)
                .hasMessage(message);
    }

    @Test
    void reportsMalformedJsonWithTheFileName(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("vocab.json"), "{\"<pad>\": 0,");

        assertThatThrownBy(() -> Vocabulary.fromVocabJson(file))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(file + ": not valid JSON: ")
                .hasCauseInstanceOf(IOException.class);
    }
}
