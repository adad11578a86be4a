package org.wav2vec2spark.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.List;

class TranscriptParserTest {
    private static final UtteranceKey CHAPTER =
            new UtteranceKey("test-clean", "1089", "134686", "");
    private static final String FILE = "root/test-clean/1089/134686/1089-134686.trans.txt";

    @Test
    void parsesLinesKeepingTextAsWritten() {
        List<TranscriptLine> lines =
                TranscriptParser.parse(
                        FILE,
                        CHAPTER,
                        List.of(
                                "1089-134686-0000 HE HOPED THERE WOULD BE STEW FOR DINNER",
                                "1089-134686-0001 STUFF IT INTO YOU HIS BELLY COUNSELLED HIM",
                                "1089-134686-0002 IT'S  TWO   SPACES"));

        assertThat(lines)
                .extracting(TranscriptLine::utteranceId)
                .containsExactly("1089-134686-0000", "1089-134686-0001", "1089-134686-0002");
        assertThat(lines.get(0).text()).isEqualTo("HE HOPED THERE WOULD BE STEW FOR DINNER");
        assertThat(lines.get(2).text()).isEqualTo("IT'S  TWO   SPACES");
        assertThat(lines).extracting(TranscriptLine::lineNumber).containsExactly(1, 2, 3);
        assertThat(lines).allMatch(TranscriptLine::isValid);
    }

    @Test
    void skipsBlankLinesButKeepsLineNumbers() {
        List<TranscriptLine> lines =
                TranscriptParser.parse(
                        FILE,
                        CHAPTER,
                        List.of("", "1089-134686-0000 A", "   ", "1089-134686-0001 B"));

        assertThat(lines).extracting(TranscriptLine::lineNumber).containsExactly(2, 4);
    }

    @Test
    void rejectsMalformedLinesNamingFileAndLine() {
        List<TranscriptLine> lines =
                TranscriptParser.parse(
                        FILE,
                        CHAPTER,
                        List.of(
                                "1089-134686-0000 GOOD",
                                "1089-134686-0001",
                                "1090-134686-0002 WRONG SPEAKER",
                                "HELLO WORLD",
                                "1089-134686-0000 DUPLICATE"));

        assertThat(lines)
                .extracting(TranscriptLine::isValid)
                .containsExactly(true, false, false, false, false);
        assertThat(lines.get(1).error())
                .isEqualTo(
                        FILE
                                + ":2: expected '<utt-id> <TEXT>' but the line has no text after"
                                + " '1089-134686-0001'");
        // Its id is kept, so that its utterance fails with this reason.
        assertThat(lines.get(1).utteranceId()).isEqualTo("1089-134686-0001");
        assertThat(lines.get(3).utteranceId()).isNull();
        assertThat(lines.get(2).error())
                .isEqualTo(
                        FILE
                                + ":3: utterance id '1090-134686-0002' is not of the form"
                                + " 1089-134686-<utt> that this chapter's ids have");
        assertThat(lines.get(3).error()).startsWith(FILE + ":4: utterance id 'HELLO'");
        assertThat(lines.get(4).error())
                .isEqualTo(
                        FILE + ":5: duplicate utterance id '1089-134686-0000' (first on line 1)");
        assertThat(lines.get(4).location()).isEqualTo(FILE + ":5");
    }

    @Test
    void aLineRepeatingTheIdOfALineWithoutTextIsADuplicate() {
        List<TranscriptLine> lines =
                TranscriptParser.parse(
                        FILE, CHAPTER, List.of("1089-134686-0001", "1089-134686-0001 TEXT"));

        assertThat(lines.get(0).utteranceId()).isEqualTo("1089-134686-0001");
        assertThat(lines.get(1).utteranceId()).isNull();
        assertThat(lines.get(1).error())
                .isEqualTo(
                        FILE + ":2: duplicate utterance id '1089-134686-0001' (first on line 1)");
    }
}
