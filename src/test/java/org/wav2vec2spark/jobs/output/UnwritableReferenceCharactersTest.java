package org.wav2vec2spark.jobs.output;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.wav2vec2spark.SparkTestBase;
import org.wav2vec2spark.ctc.VocabJson;
import org.wav2vec2spark.metrics.CaseFolding;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;

/** Reference characters the bundled model's vocabulary cannot write, found over results. */
class UnwritableReferenceCharactersTest extends SparkTestBase {

    private static final StructType SCHEMA =
            new StructType().add("id", DataTypes.StringType).add("reference", DataTypes.StringType);

    @Test
    void libriSpeechStyleReferencesAreAllWritable() throws IOException {
        Dataset<Row> results = results("1-1-0000", "HE COULDN'T FIND HIS KEYS", "1-1-0001", null);

        assertThat(UnwritableReferenceCharacters.describe(results, writable(), CaseFolding.NONE))
                .isNull();
    }

    @Test
    void namesEachCharacterWithItsUtterancesAndAnExampleMostFrequentFirst() throws IOException {
        Dataset<Row> results =
                results(
                        "1-1-0002", "HE COULDN\u2019T FIND HIS KEYS, SO",
                        "1-1-0001", "IT\u2019S \u2019 HERE",
                        "1-1-0003", "PLAIN TEXT");

        assertThat(UnwritableReferenceCharacters.describe(results, writable(), CaseFolding.NONE))
                .isEqualTo(
                        "references hold characters the model cannot write, each an error"
                                + " whatever it hears: '\u2019' (U+2019) in 2 utterance(s), e.g."
                                + " 1-1-0001; ',' (U+002C) in 1 utterance(s), e.g. 1-1-0002;"
                                + " normalise the references as LibriSpeech's are (upper case,"
                                + " apostrophes kept, no other punctuation)");
    }

    @Test
    void lowerCaseIsWritableOnlyWhenTheComparisonFoldsCase() throws IOException {
        Dataset<Row> results = results("1-1-0000", "he left now");

        assertThat(UnwritableReferenceCharacters.describe(results, writable(), CaseFolding.UPPER))
                .isNull();
        assertThat(UnwritableReferenceCharacters.describe(results, writable(), CaseFolding.NONE))
                .contains(
                        "'e' (U+0065) in 1 utterance(s), e.g. 1-1-0000;",
                        "'n' (U+006E)",
                        "and 3 more;");
    }

    private static Set<Integer> writable() throws IOException {
        return VocabJson.read(Path.of("data-samples/model/vocab.json")).writableCharacters();
    }

    private static Dataset<Row> results(String... idsAndReferences) {
        Row[] rows = new Row[idsAndReferences.length / 2];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = RowFactory.create(idsAndReferences[2 * i], idsAndReferences[2 * i + 1]);
        }
        return spark.createDataFrame(Arrays.asList(rows), SCHEMA);
    }
}
