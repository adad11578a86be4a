package org.wav2vec2spark.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The recordings an archive yields, and the members it passes over. */
class TarRecordingsTest {
    @TempDir Path temp;

    @Test
    void passesOverHiddenMembersAsFolderListingsDo() throws Exception {
        byte[] flac =
                Files.readAllBytes(
                        TarGzFixtures.SAMPLES.resolve("test-clean/89/659459/89-659459-0000.flac"));
        Map<String, byte[]> members = new LinkedHashMap<>();
        members.put("d/._a.flac", new byte[] {0, 5, 22, 7});
        members.put("__MACOSX/d/b.flac", new byte[] {0, 5, 22, 7});
        members.put("d/.hidden/c.flac", flac);
        members.put("d/a.flac", flac);
        members.put("d/notes.txt", new byte[] {1});
        Path archive = TarGzFixtures.write(members, temp.resolve("mac.tar.gz"));

        List<String> read = new ArrayList<>();
        InputFile input =
                new InputFile(archive.toUri().toString(), Files.size(archive), InputKind.TAR_GZ);
        try (TarRecordings recordings =
                TarRecordings.open(new Configuration(), input, member -> true)) {
            recordings.forEachRemaining(r -> read.add(r.member() + " " + r.error()));
        }

        assertThat(read).containsExactly("d/a.flac null");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "d/._a.flac, true",
        "__MACOSX/d/a.flac, true",
        "d/.cache/a.flac, true",
        "./d/a.flac, false",
        "LibriSpeech/test-clean/1/2/1-2-0000.flac, false",
        "d/a_b.flac, false"
    })
    void hiddenMembers(String member, boolean hidden) {
        assertThat(InputKind.isHiddenMember(member)).isEqualTo(hidden);
    }
}
