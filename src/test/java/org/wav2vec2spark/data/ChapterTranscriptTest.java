package org.wav2vec2spark.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;

class ChapterTranscriptTest {

    private static final ListedFile CLEAN = file("test-clean/1/10/1-10.trans.txt");
    private static final ListedFile MINE = file("mine/1/10/1-10.trans.txt");
    private static final ListedFile TEXT_ONLY = file("test-clean/2/20/2-20.trans.txt");

    @Test
    void pairsEachTranscriptWithItsOwnChaptersAudioIdsOnly() {
        List<ListedFile> audio =
                List.of(
                        file("test-clean/1/10/1-10-0001.flac"),
                        file("mine/1/10/1-10-0000.flac"), // same chapter, other split
                        file("test-clean/1/10/1-10-0000.flac"),
                        file("test-clean/3/30/3-30-0000.flac")); // no transcript: in none

        assertThat(ChapterTranscript.of(List.of(CLEAN, MINE, TEXT_ONLY), audio))
                .isEqualTo(
                        List.of(
                                new ChapterTranscript(CLEAN, List.of("1-10-0001", "1-10-0000")),
                                new ChapterTranscript(MINE, List.of("1-10-0000")),
                                new ChapterTranscript(TEXT_ONLY, List.of())));
    }

    @Test
    void survivesJavaSerialisationAsSparkShipsIt() throws Exception {
        ChapterTranscript chapter =
                ChapterTranscript.of(
                                List.of(CLEAN), List.of(file("test-clean/1/10/1-10-0000.flac")))
                        .get(0);

        assertThat(roundTrip(chapter)).isEqualTo(chapter);
    }

    private static Object roundTrip(Object value) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return in.readObject();
        }
    }

    private static ListedFile file(String relativePath) {
        return new ListedFile(relativePath, 100);
    }
}
