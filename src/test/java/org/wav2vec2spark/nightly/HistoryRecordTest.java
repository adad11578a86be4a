package org.wav2vec2spark.nightly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.wav2vec2spark.StrictJson.strictlyParsed;

import com.google.gson.JsonObject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.wav2vec2spark.metrics.EditCounts;
import org.wav2vec2spark.report.SplitSummary;

import java.io.IOException;
import java.util.Map;
import java.util.regex.Pattern;

class HistoryRecordTest {

    @Test
    void aSplitWithNoScoredWordHasNullRatesAndReadsBack() throws IOException {
        HistoryRecord record = record();

        String line = record.toJsonLine();

        JsonObject empty =
                strictlyParsed(line)
                        .getAsJsonObject()
                        .getAsJsonObject("splits")
                        .getAsJsonObject("test-other");
        assertThat(line).doesNotContain("NaN");
        assertThat(empty.get("wer").isJsonNull()).isTrue();
        assertThat(empty.get("cer").isJsonNull()).isTrue();
        assertThat(HistoryRecord.fromJsonLine(line, "history.jsonl:1")).isEqualTo(record);
    }

    @Test
    void readsALineWrittenWithABareNaNBeforeRatesWereNull() {
        HistoryRecord record = record();
        String old = record.toJsonLine().replace("\"wer\":null", "\"wer\":NaN");

        assertThat(old).contains("\"wer\":NaN");
        assertThat(HistoryRecord.fromJsonLine(old, "history.jsonl:1")).isEqualTo(record);
    }

    @Test
    void aBadCountIsNamedWithTheFileAndLine() {
        String negative = record().toJsonLine().replace("\"insertions\":1", "\"insertions\":-1");
        String notANumber = record().toJsonLine().replace("\"failed\":0", "\"failed\":\"none\"");

        assertThat(negative).contains("\"insertions\":-1");
        assertThatThrownBy(() -> HistoryRecord.fromJsonLine(negative, "history.jsonl:3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "history.jsonl:3: expected a run record (one JSON object per line) but"
                                + " insertions must be >= 0 but was -1");
        assertThatThrownBy(() -> HistoryRecord.fromJsonLine(notANumber, "history.jsonl:4"))
                .hasMessageStartingWith(
                        "history.jsonl:4: expected a run record (one JSON object per line) but");
    }

    /** Each hand edit Gson read as something else: a string as false, a fraction truncated. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "\"regressed\":false | \"regressed\":\"yes\" | field 'regressed' must be true"
                        + " or false, got \"yes\"",
                "\"words\":100 | \"words\":352.7 | field 'words' must be a whole number, got"
                        + " 352.7",
                "\"words\":100 | \"words\":1e30 | field 'words' must be a whole number, got"
                        + " 1e30",
                "\"words\":100 | \"words\":\"100\" | field 'words' must be a number, got"
                        + " \"100\"",
                "\"failed\":0 | \"failed\":99 | failed 99 is not between 0 and utterances 10",
            })
    void aFieldOfTheWrongKindIsRefusedNotReadAsAnother(String field, String edited, String why) {
        String line = record().toJsonLine().replaceFirst(Pattern.quote(field), edited);

        assertThat(line).contains(edited);
        assertThatThrownBy(() -> HistoryRecord.fromJsonLine(line, "history.jsonl:7"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "history.jsonl:7: expected a run record (one JSON object per line) but "
                                + why);
    }

    @Test
    void aLineThatIsNotJsonSaysWhereWithoutGsonsAdvice() {
        // Gson suggests parsing leniently and links its troubleshooting page: no help to a user
        // whose history line was cut or edited by hand.
        assertThatThrownBy(() -> HistoryRecord.fromJsonLine("{\"run_time\": \"2025", "h.jsonl:1"))
                .hasMessage(
                        "h.jsonl:1: expected a run record (one JSON object per line) but not valid"
                                + " JSON: Unterminated string at line 1 column 19 path $.run_time");
        assertThatThrownBy(() -> HistoryRecord.fromJsonLine("{} {}", "h.jsonl:3"))
                .hasMessage(
                        "h.jsonl:3: expected a run record (one JSON object per line) but not valid"
                                + " JSON: unexpected text at line 1 column 5 path $");
        assertThatThrownBy(() -> HistoryRecord.fromJsonLine("[1, 2]", "h.jsonl:2"))
                .hasMessage(
                        "h.jsonl:2: expected a run record (one JSON object per line) but not a"
                                + " JSON object but [1,2]");
    }

    /** A record with a scored split and one in which every utterance failed. */
    private static HistoryRecord record() {
        return new HistoryRecord(
                "2025-01-02T02:00:00Z",
                "2025-01-02T01:58:00Z",
                "abc",
                "facebook/wav2vec2-large-960h",
                "e".repeat(64),
                "f".repeat(64),
                Map.of(
                        "test-clean",
                        new SplitSummary(
                                "test-clean",
                                10,
                                0,
                                12.5,
                                new EditCounts(95, 3, 2, 1),
                                new EditCounts(500, 3, 2, 1)),
                        "test-other",
                        new SplitSummary("test-other", 2, 2, 0, EditCounts.ZERO, EditCounts.ZERO)),
                12.5,
                3.25,
                12.5 / 3.25,
                "file:/runs/a",
                false);
    }
}
