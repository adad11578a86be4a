package org.wav2vec2spark.ctc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

class VocabJsonTest {

    static Path largeVocabJson() throws URISyntaxException {
        return Path.of(
                VocabJsonTest.class.getResource("/ctc/wav2vec2-large-960h-vocab.json").toURI());
    }

    @Test
    void readsTheLarge960hVocabulary() throws Exception {
        Vocabulary vocabulary = VocabJson.read(largeVocabJson());

        assertThat(vocabulary.size()).isEqualTo(32);
        assertThat(vocabulary.padId()).isZero();
        assertThat(vocabulary.id("|")).isEqualTo(4);
        assertThat(vocabulary.token(3)).isEqualTo("<unk>");
        assertThat(vocabulary.token(27)).isEqualTo("'");
        assertThat(vocabulary.token(31)).isEqualTo("Z");
        assertThat(String.join("", vocabulary.tokens().subList(5, 27)))
                .isEqualTo("ETAONIHSRDLUMWCFGYPBVK");
    }

    // Positions are Gson's JsonReader's once it has looked at the offending value, so they point
    // just past what it has read of it: past an opening quote or bracket, past an integer or null
    // (the second 1 in {"<pad>": 0, "A": 1, "B": 1}, at column 27, reads 28), but at the first
    // column of a number such as 0.5 or 1e40, which it has yet to parse.
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = ';',
            value = {
                "duplicate id;       {\"<pad>\": 0, \"A\": 1, \"B\": 1};  vocab.json: id 1 is given"
                        + " to both 'A' and 'B' at line 1 column 28 path $.B",
                "gap in ids;         {\"<pad>\": 0, \"A\": 2};            vocab.json: ids must run"
                        + " from 0 to 1 without gaps, but id 1 is missing (tokens with ids outside"
                        + " 0..1: 'A' = 2)",
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
                "exponent id;        {\"<pad>\": 1e40};                    vocab.json: id of token"
                        + " '<pad>' must be an integer at line 1 column 11 path $.<pad>",
                "id past int range;  {\"<pad>\": 2147483648};              vocab.json: id of token"
                        + " '<pad>' must be an integer at line 1 column 21 path $.<pad>",
                "null id;            {\"<pad>\": null};                    vocab.json: expected an"
                        + " integer id for token '<pad>' but found NULL at line 1 column 15 path"
                        + " $.<pad>",
                "negative id;        {\"<pad>\": 0, \"A\": -1};          vocab.json: ids must run"
                        + " from 0 to 1 without gaps, but id 1 is missing (tokens with ids outside"
                        + " 0..1: 'A' = -1)",
                "text after object;  {\"<pad>\": 0} {};                    vocab.json: expected"
                        + " end of file after the vocabulary object at line 1 column 15 path $",
                "many out of range;  {\"<pad>\": 0, \"a\": 7, \"b\": 8, \"c\": 9, \"d\": 10, \"e\":"
                    + " 11, \"f\": 12};                                         vocab.json: ids"
                    + " must run from 0 to 6 without gaps, but id 1 is missing (tokens with ids"
                    + " outside 0..6: 'a' = 7, 'b' = 8, 'c' = 9, 'd' = 10, 'e' = 11 and 1 more)",
                "string at top;      \"<pad>\";                            vocab.json: expected an"
                        + " object mapping token to id but found STRING at line 1 column 2 path $",
            })
    void rejectsInvalidVocabJsonNamingTheProblem(String problem, String json, String message) {
        assertThatThrownBy(() -> VocabJson.parse(json, "vocab.json"))
                .isInstanceOf(IOException.class)
                .hasMessage(message);
    }

    // Gson's JsonParser is lenient and would take these; Python's json.load, which transformers
    // reads vocab.json with, refuses them, so a vocabulary accepted here also loads there.
    @ParameterizedTest
    @ValueSource(
            strings = {
                "{'<pad>': 0}",
                "{<pad>: 0}",
                "{\"<pad>\": 0 /* comment */}",
                "{\"<pad>\": 0; \"A\": 1}",
            })
    void refusesJsonThatOnlyALenientParserAccepts(String json) {
        assertThatThrownBy(() -> VocabJson.parse(json, "vocab.json"))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("vocab.json: not valid JSON: ");
    }

    @Test
    void readsTokensByIdWithoutAskingForThePadTokenOfTheDefaults(@TempDir Path dir)
            throws IOException {
        // A community fine-tune's vocabulary: its pad token is named by its tokenizer files.
        Path file = Files.writeString(dir.resolve("vocab.json"), "{\"[PAD]\": 1, \"a\": 0}");

        assertThat(VocabJson.readTokensById(file)).containsExactly("a", "[PAD]");
    }

    @Test
    void namesAFileThatCannotBeRead(@TempDir Path dir) {
        Path missing = dir.resolve("vocab.json");

        assertThatThrownBy(() -> VocabJson.readTokensById(missing))
                .isInstanceOf(IOException.class)
                .hasMessage(missing + ": cannot be read")
                .hasCauseInstanceOf(NoSuchFileException.class);
    }

    @Test
    void namesAFileThatIsNotUtf8(@TempDir Path dir) throws IOException {
        Path file =
                Files.write(
                        dir.resolve("vocab.json"),
                        "{\"\u00e9\": 0}".getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> VocabJson.read(file))
                .isInstanceOf(IOException.class)
                .hasMessage(file + ": is not UTF-8 text, which transformers writes it as")
                .hasCauseInstanceOf(CharacterCodingException.class);
    }

    @Test
    void reportsMalformedJsonWithTheFileName(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("vocab.json"), "{\"<pad>\": 0,");

        assertThatThrownBy(() -> VocabJson.read(file))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(file + ": not valid JSON: ")
                .hasCauseInstanceOf(IOException.class);
    }
}
