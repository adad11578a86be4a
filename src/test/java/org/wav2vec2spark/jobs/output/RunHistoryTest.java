package org.wav2vec2spark.jobs.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wav2vec2spark.metrics.EditCounts;
import org.wav2vec2spark.nightly.HistoryRecord;
import org.wav2vec2spark.report.SplitSummary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;

class RunHistoryTest {
    private static final Configuration CONF = new Configuration();

    @TempDir Path dir;

    @Test
    void missingHistoryIsEmptyAndAppendsRoundTrip() throws IOException {
        String uri = dir.resolve("nested/history.jsonl").toUri().toString();
        HistoryRecord first = record("a", 0.5, false);
        HistoryRecord second = record("b", Double.NaN, true);

        assertThat(RunHistory.read(CONF, uri)).isEmpty();
        RunHistory.append(CONF, uri, first);
        RunHistory.append(CONF, uri, second);

        assertThat(RunHistory.read(CONF, uri)).containsExactly(first, second);
        assertThat(Files.readAllLines(dir.resolve("nested/history.jsonl"))).hasSize(2);
        try (var files = Files.list(dir.resolve("nested"))) {
            // Neither the temporary file nor the lock is left, nor a checksum file.
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("history.jsonl");
        }
    }

    @Test
    void aHistoryNamedWithATimeIsAppendedToAndItsLockReleased() throws IOException {
        // Its lock's checksum file was built as a Hadoop path from the name and refused: the night
        // was evaluated, then ended in "Relative path in absolute URI" with the lock left behind.
        Path file = dir.resolve("history-2026-12-03T16:00.jsonl");
        String uri = file.toString();
        HistoryRecord first = record("a", 0.5, false);
        HistoryRecord second = record("b", 0.25, false);

        RunHistory.checkBeforeRun(CONF, uri);
        RunHistory.append(CONF, uri, first);
        RunHistory.checkBeforeRun(CONF, uri);
        RunHistory.append(CONF, uri, second);

        assertThat(RunHistory.read(CONF, uri)).containsExactly(first, second);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aHistoryGivenWithATrailingSlashIsAFileBesideItsLock() throws IOException {
        // "h.jsonl/.lock" made h.jsonl a folder, and every later night failed on it.
        Path file = dir.resolve("h.jsonl");
        String uri = file + "/";

        RunHistory.checkBeforeRun(CONF, uri);
        RunHistory.append(CONF, uri, record("a", 0.5, false));

        assertThat(file).isRegularFile();
        assertThat(RunHistory.read(CONF, file.toString())).hasSize(1);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aFolderWhereTheHistoryShouldBeIsNamed() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("history.jsonl"));
        String uri = folder.toString();

        assertThatThrownBy(() -> RunHistory.checkBeforeRun(CONF, uri))
                .isInstanceOf(IOException.class)
                .hasMessage(
                        "The history "
                                + uri
                                + " is a folder; give the history file, one JSON line per night,"
                                + " such as "
                                + uri
                                + "/history.jsonl");
    }

    @Test
    void historyLeftAsATemporaryFileByAnInterruptedAppendIsNotStartedAnew() throws IOException {
        // A job killed between removing the old history and renaming the new one leaves only the
        // temporary file; the next night must not start a history of one record over it.
        String uri = dir.resolve("history.jsonl").toUri().toString();
        RunHistory.append(CONF, uri, record("a", 0.5, false));
        Path leftover = dir.resolve(".history.jsonl.0123.tmp");
        Files.move(dir.resolve("history.jsonl"), leftover);

        assertThatThrownBy(() -> RunHistory.read(CONF, uri))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("The history " + uri + " does not exist, but ")
                .hasMessageContaining(
                        ".history.jsonl.0123.tmp does: an append that was interrupted")
                .hasMessageEndingWith("rename it to " + uri + " and run again");
        assertThatThrownBy(() -> RunHistory.append(CONF, uri, record("b", 0.5, false)))
                .hasMessageContaining(".history.jsonl.0123.tmp does");
        assertThat(Files.readAllLines(leftover)).hasSize(1);
    }

    @Test
    void appendWhileAnotherJobAppendsIsRefusedAndKeepsItsRecord() throws IOException {
        String uri = dir.resolve("history.jsonl").toUri().toString();
        RunHistory.append(CONF, uri, record("a", 0.5, false));
        Path lock = dir.resolve("history.jsonl.lock");
        Files.writeString(lock, "appending 2026-01-02T02:00:00Z\n");

        AtomicInteger reportsWritten = new AtomicInteger();

        assertThatThrownBy(
                        () ->
                                RunHistory.append(
                                        CONF,
                                        uri,
                                        record("b", 0.5, false),
                                        reportsWritten::incrementAndGet))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("Another nightly job is appending to " + uri)
                .hasMessageContaining("history.jsonl.lock exists")
                .hasMessageEndingWith(
                        "record the run without evaluating it again with --history "
                                + uri
                                + " --run file:/runs/b");
        assertThat(reportsWritten).as("the report is written under the lock only").hasValue(0);
        assertThatThrownBy(() -> RunHistory.checkBeforeRun(CONF, uri))
                .as("found before a night's evaluation, not after it")
                .isInstanceOf(IOException.class)
                .hasMessageContaining("history.jsonl.lock exists");
        assertThat(lock).exists();
        Files.delete(lock);
        RunHistory.append(CONF, uri, record("b", 0.5, false));

        assertThat(RunHistory.read(CONF, uri)).hasSize(2);
        assertThat(lock).doesNotExist();
    }

    @Test
    void whatFailsToBeWrittenBeforeTheAppendLeavesTheHistoryAsItWas() throws IOException {
        String uri = dir.resolve("history.jsonl").toUri().toString();
        RunHistory.append(CONF, uri, record("a", 0.5, false));

        assertThatThrownBy(
                        () ->
                                RunHistory.append(
                                        CONF,
                                        uri,
                                        record("b", 0.5, false),
                                        () -> {
                                            throw new IOException("report.html: disk full");
                                        }))
                .hasMessage("report.html: disk full");

        assertThat(RunHistory.read(CONF, uri)).hasSize(1);
        assertThat(dir.resolve("history.jsonl.lock")).doesNotExist();
    }

    @Test
    void twoJobsAppendingAtOnceNeverBothTakeTheLock() throws Exception {
        // Hadoop's local file system checks for the lock and then creates it: two jobs starting
        // together both took it often enough, and the second rewrite lost the first's record.
        for (int trial = 0; trial < 100; trial++) {
            String uri = dir.resolve("race-" + trial + ".jsonl").toUri().toString();
            CyclicBarrier start = new CyclicBarrier(2);
            AtomicInteger refused = new AtomicInteger();
            List<Thread> jobs = new ArrayList<>();
            for (String fingerprint : List.of("a", "b")) {
                Thread job =
                        new Thread(
                                () -> {
                                    try {
                                        start.await();
                                        RunHistory.append(
                                                CONF, uri, record(fingerprint, 0.5, false));
                                    } catch (IOException e) {
                                        if (!e.getMessage()
                                                .startsWith("Another nightly job is appending")) {
                                            throw new IllegalStateException(e);
                                        }
                                        refused.incrementAndGet();
                                    } catch (Exception e) {
                                        throw new IllegalStateException(e);
                                    }
                                });
                job.start();
                jobs.add(job);
            }
            for (Thread job : jobs) {
                job.join();
            }

            int recorded = RunHistory.read(CONF, uri).size();
            assertThat(recorded).as("trial %d: records kept", trial).isPositive();
            assertThat(recorded + refused.get())
                    .as("trial %d: records kept plus appends refused", trial)
                    .isEqualTo(2);
        }
    }

    @Test
    void corruptLineIsNamed() throws IOException {
        Path file = dir.resolve("history.jsonl");
        Files.write(
                file,
                List.of(
                        record("a", 0.5, false).toJsonLine(),
                        "",
                        "{\"run_time\": \"x\"",
                        record("b", 0.5, false).toJsonLine()));
        Path missingField = dir.resolve("missing.jsonl");
        Files.write(
                missingField,
                List.of(record("a", 0.5, false).toJsonLine().replace("\"model\"", "\"modell\"")));

        assertThatThrownBy(() -> RunHistory.read(CONF, file.toUri().toString()))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(
                        file.toUri() + ":3: expected a run record (one JSON object per line) but");
        assertThatThrownBy(() -> RunHistory.read(CONF, missingField.toUri().toString()))
                .hasMessageEndingWith(
                        ":1: expected a run record (one JSON object per line) but"
                                + " field 'model' is missing");
    }

    @Test
    void latestComparableSkipsOtherDataAndRegressedRuns() {
        HistoryRecord good = record("a", 0.1, false);
        HistoryRecord otherData = record("b", 0.1, false);
        HistoryRecord regressed = record("a", 0.2, true);
        HistoryRecord today = record("a", 0.3, false);
        List<HistoryRecord> history = new ArrayList<>(List.of(good, otherData, regressed));

        assertThat(RunHistory.latestComparable(history, today)).isSameAs(good);
        assertThat(RunHistory.latestComparable(List.of(otherData), today)).isNull();
    }

    /** A one-split record with the given data fingerprint and about {@code wer} errors. */
    private static HistoryRecord record(String fingerprint, double wer, boolean regressed) {
        long errors = Double.isNaN(wer) ? 0 : Math.round(wer * 100);
        EditCounts words = new EditCounts(100 - errors, errors, 0, 0);
        EditCounts chars = new EditCounts(500, 3, 2, 1);
        return new HistoryRecord(
                "2025-01-02T02:00:00Z",
                "2025-01-02T01:58:00Z",
                "abc",
                "facebook/wav2vec2-large-960h",
                "e".repeat(64),
                fingerprint,
                Map.of("test-clean", new SplitSummary("test-clean", 10, 1, 12.5, words, chars)),
                12.5,
                3.25,
                12.5 / 3.25,
                "file:/runs/" + fingerprint,
                regressed);
    }
}
