package org.wav2vec2spark.ctc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

class VocabularyTest {

    @ParameterizedTest
    @CsvSource({"-1", "32", "98"})
    void mapsIdsOutsideTheTableToUnkAsTransformersDoes(int id) throws Exception {
        assertThat(VocabJson.read(VocabJsonTest.largeVocabJson()).token(id)).isEqualTo("<unk>");
    }

    @Test
    void theLarge960hVocabularyDecodesUpperCase() throws Exception {
        assertThat(VocabJson.read(VocabJsonTest.largeVocabJson()).decodesLowerCase()).isFalse();
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
}
