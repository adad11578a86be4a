package org.wav2vec2spark.jobs.executor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

class AbandonedCopiesTest {
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    @TempDir Path cache;

    @Test
    void deletesOnlyPartialCopiesLeftUnwrittenForAnHour() throws IOException {
        Path abandoned = partialCopy(".aaaa123", Duration.ofMinutes(61), Duration.ofMinutes(61));
        // Its folder is old, but a file in it is still being written: another executor's copy.
        Path live = partialCopy(".bbbb456", Duration.ofHours(5), Duration.ofMinutes(1));
        Path complete = partialCopy("cccc", Duration.ofDays(9), Duration.ofDays(9));

        assertThat(AbandonedCopies.deleteIn(cache, NOW)).containsExactly(abandoned);

        assertThat(abandoned).doesNotExist();
        assertThat(live.resolve("model.pt")).exists();
        assertThat(complete.resolve("model.pt")).exists();
    }

    @Test
    void aPartialCopyJustUnderTheIdleTimeIsKept() throws IOException {
        Path recent = partialCopy(".dddd789", Duration.ofMinutes(59), Duration.ofMinutes(59));

        assertThat(AbandonedCopies.deleteIn(cache, NOW)).isEmpty();
        assertThat(recent.resolve("model.pt")).exists();
    }

    /** A copy folder holding one file, each last written this long before {@link #NOW}. */
    private Path partialCopy(String name, Duration folderAge, Duration fileAge) throws IOException {
        Path folder = Files.createDirectories(cache.resolve(name));
        Path file = Files.writeString(folder.resolve("model.pt"), "weights");
        Files.setLastModifiedTime(file, FileTime.from(NOW.minus(fileAge)));
        Files.setLastModifiedTime(folder, FileTime.from(NOW.minus(folderAge)));
        return folder;
    }
}
