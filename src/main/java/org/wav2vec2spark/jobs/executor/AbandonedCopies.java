package org.wav2vec2spark.jobs.executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The partial copies of remote models that executors killed mid-copy leave in the local model cache
 * ({@link ModelLocation}): hidden folders ({@code .<digest><random>}) that no one will rename into
 * place, each as large as a model. Executors on one host share the cache, so a partial copy may
 * also be another executor's copy in progress; one is taken for abandoned only when nothing in it
 * has been written for {@link #IDLE}, as a live copy writes its files as it goes.
 */
final class AbandonedCopies {
    private static final Logger LOG = LoggerFactory.getLogger(AbandonedCopies.class);

    /** How long a partial copy has gone unwritten before it is taken for abandoned. */
    static final Duration IDLE = Duration.ofHours(1);

    private AbandonedCopies() {}

    /**
     * Deletes the abandoned partial copies in a cache folder. One that cannot be deleted (another
     * executor deleting it too, a file not ours) is logged and left.
     *
     * @param cache the folder holding the model copies
     * @param now the time to measure idleness from
     * @return the partial copies deleted
     */
    static List<Path> deleteIn(Path cache, Instant now) throws IOException {
        List<Path> deleted = new ArrayList<>();
        List<Path> partials;
        try (Stream<Path> entries = Files.list(cache)) {
            partials =
                    entries.filter(p -> p.getFileName().toString().startsWith("."))
                            .filter(Files::isDirectory)
                            .toList();
        }
        for (Path partial : partials) {
            try {
                if (lastWritten(partial).toInstant().isBefore(now.minus(IDLE))) {
                    deleteRecursively(partial);
                    deleted.add(partial);
                    LOG.info("Deleted {}, a model copy left unfinished", partial);
                }
            } catch (IOException e) {
                LOG.warn(
                        "Could not delete the unfinished model copy {}: {}", partial, e.toString());
            }
        }
        return deleted;
    }

    /** The newest modification time of a folder and everything in it. */
    private static FileTime lastWritten(Path folder) throws IOException {
        try (Stream<Path> entries = Files.walk(folder)) {
            FileTime newest = FileTime.fromMillis(0);
            for (Path entry : entries.toList()) {
                FileTime modified = Files.getLastModifiedTime(entry);
                if (modified.compareTo(newest) > 0) {
                    newest = modified;
                }
            }
            return newest;
        }
    }

    /** Deletes a folder and everything in it. */
    static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> entries = Files.walk(directory)) {
            for (Path entry : entries.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(entry);
            }
        }
    }
}
