package org.wav2vec2spark.jobs.executor;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.wav2vec2spark.metrics.EditCounts;
import org.wav2vec2spark.report.UtteranceResult;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

class ResultRowsTest {
    /** Every count different, so that a column read in the wrong role shows. */
    private static final UtteranceResult RESULT =
            new UtteranceResult(
                    "1-2-0003",
                    "test-clean",
                    "1",
                    "2",
                    "file:/data/1-2-0003.flac",
                    1.5,
                    "A B C D E F G H I",
                    "A B C D X Y Z W",
                    new EditCounts(4, 3, 2, 1),
                    new EditCounts(20, 7, 6, 5),
                    UtteranceResult.OK,
                    null);

    @Test
    void toResultInvertsToRow() {
        assertThat(ResultRows.toResult(written(RESULT))).isEqualTo(RESULT);
    }

    @Test
    void countsAreReadByNameFromARowHoldingOnlyTheCountColumns() {
        Row full = written(RESULT);
        // Only the count columns, characters first and each group reversed: not the schema order.
        List<String> columns = new ArrayList<>(ResultRows.WORD_COUNT_COLUMNS);
        columns.addAll(ResultRows.CHARACTER_COUNT_COLUMNS);
        Collections.reverse(columns);
        StructType schema =
                new StructType(
                        columns.stream().map(ResultRows.SCHEMA::apply).toArray(StructField[]::new));
        Row projected =
                new GenericRowWithSchema(columns.stream().map(full::getAs).toArray(), schema);

        assertThat(ResultRows.wordCounts(projected)).isEqualTo(RESULT.words());
        assertThat(ResultRows.characterCounts(projected)).isEqualTo(RESULT.characters());
    }

    /** A result as Parquet gives it back: the row of {@link ResultRows#toRow} with its schema. */
    private static Row written(UtteranceResult result) {
        Row row = ResultRows.toRow(result);
        return new GenericRowWithSchema(
                IntStream.range(0, row.length()).mapToObj(row::get).toArray(), ResultRows.SCHEMA);
    }
}
