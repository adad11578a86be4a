package org.wav2vec2spark.jobs.executor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** The set of done recordings a resumed run passes over, as digests of their keys. */
class RecordingKeySetTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 16, 17, 18, 1000, 100_000})
    void holdsExactlyTheKeysAddedWhateverTheirNumber(int count) {
        Random random = new Random(count);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            keys.add("file:/data/" + random.nextInt(count * 2 + 1) + "/" + i % 7 + ".flac");
        }

        RecordingKeySet set = RecordingKeySet.of(keys);

        Set<String> expected = new HashSet<>(keys);
        assertThat(set.size()).isEqualTo(expected.size());
        assertThat(set.isEmpty()).isEqualTo(expected.isEmpty());
        for (String key : keys) {
            assertThat(set.contains(key)).as(key).isTrue();
        }
        for (int i = 0; i < 1000; i++) {
            String absent = "file:/data/" + random.nextInt(count * 2 + 1) + "/" + i % 7 + ".wav";
            assertThat(set.contains(absent)).as(absent).isFalse();
        }
    }

    @Test
    void repeatsAreOneKeyAndNearKeysAreDistinct() {
        RecordingKeySet set =
                RecordingKeySet.of(
                        List.of(
                                "a.tar!x.flac",
                                TranscriptRows.key("a.tar", "x.flac"),
                                "a.tar!x.flac ",
                                // é composed and as e with a combining accent: two names on disk
                                "caf\u00e9.flac",
                                "cafe\u0301.flac"));

        assertThat(set.size()).isEqualTo(4);
        assertThat(set.contains("a.tar!x.flac")).isTrue();
        assertThat(set.contains("a.tar!x.flac ")).isTrue();
        assertThat(set.contains("cafe\u0301.flac")).isTrue();
        assertThat(set.contains("a.tar!X.flac")).isFalse();
        assertThat(set.contains("")).isFalse();
    }

    @Test
    void addingSetsTogetherHoldsEachKeyOnce() {
        RecordingKeySet first = RecordingKeySet.of(List.of("a", "b", "c"));
        RecordingKeySet second = RecordingKeySet.of(List.of("c", "d"));

        RecordingKeySet both =
                new RecordingKeySet.Builder().addAll(first).addAll(second).add("e").build();

        assertThat(both.size()).isEqualTo(5);
        for (String key : List.of("a", "b", "c", "d", "e")) {
            assertThat(both.contains(key)).as(key).isTrue();
        }
        assertThat(new RecordingKeySet.Builder().addAll(RecordingKeySet.EMPTY).build().isEmpty())
                .isTrue();
    }

    @Test
    void aSetSentToAnExecutorHoldsTheSameKeys() throws IOException, ClassNotFoundException {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            keys.add("hdfs://nn/archives/" + i / 100 + ".tar!LibriSpeech/" + i + ".flac");
        }
        RecordingKeySet set = RecordingKeySet.of(keys);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(set);
        }
        RecordingKeySet received;
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            received = (RecordingKeySet) in.readObject();
        }

        assertThat(received.size()).isEqualTo(keys.size());
        assertThat(keys).allMatch(received::contains);
        assertThat(received.contains("hdfs://nn/archives/0.tar!LibriSpeech/10000.flac")).isFalse();
        // 16 bytes a key, not the keys' text.
        assertThat(bytes.size()).isLessThan(17 * keys.size());
    }
}
