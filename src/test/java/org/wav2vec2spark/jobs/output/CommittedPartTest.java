package org.wav2vec2spark.jobs.output;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

import java.util.List;

/** A partition of the committed runs' rows: its recordings, and whether it is of another kind. */
class CommittedPartTest {
    private static final String MODEL = "team/model";

    @Test
    void rowsOfTheRunsModelAndWordTimesAreAllRead() {
        CommittedPart part =
                CommittedPart.of(
                        List.of(
                                        row("file:/a.flac", MODEL, false),
                                        row("file:/b.flac", MODEL, false))
                                .iterator(),
                        MODEL,
                        false);

        assertThat(part.foreign()).isFalse();
        assertThat(part.recordings().containsLoose("file:/a.flac")).isTrue();
        assertThat(part.recordings().containsLoose("file:/b.flac")).isTrue();
    }

    @Test
    void aRowOfAnotherModelAnywhereInThePartitionIsNoted() {
        // Every row is checked, not only the first: a run is read in several partitions.
        List<Row> rows =
                List.of(
                        row("file:/a.flac", MODEL, false),
                        row("file:/b.flac", MODEL, false),
                        row("file:/c.flac", "team/other", false));

        assertThat(CommittedPart.of(rows.iterator(), MODEL, false).foreign()).isTrue();
    }

    @Test
    void aRowOfTheOtherWordTimesChoiceIsNotedEitherWay() {
        assertThat(
                        CommittedPart.of(
                                        List.of(row("file:/a.flac", MODEL, true)).iterator(),
                                        MODEL,
                                        false)
                                .foreign())
                .isTrue();
        assertThat(
                        CommittedPart.of(
                                        List.of(
                                                        row("file:/a.flac", MODEL, true),
                                                        row("file:/b.flac", MODEL, false))
                                                .iterator(),
                                        MODEL,
                                        true)
                                .foreign())
                .isTrue();
    }

    private static Row row(String source, String model, boolean hasWords) {
        return RowFactory.create(source, null, model, hasWords);
    }
}
