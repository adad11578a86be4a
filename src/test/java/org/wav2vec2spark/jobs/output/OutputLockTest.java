package org.wav2vec2spark.jobs.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;

class OutputLockTest {
    private static final Configuration CONF = new Configuration();

    @TempDir Path dir;

    /** A lock file as another job would have left it, last refreshed {@code age} ago. */
    private Path lockLeftBy(Path output, LockHolder holder, Duration age) throws IOException {
        Path lock = Files.createDirectories(output).resolve(OutputLock.NAME);
        Files.writeString(lock, holder.toText());
        Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minus(age)));
        return lock;
    }

    private static LockHolder onAnotherHost() {
        return new LockHolder(
                "worker-" + LockHolder.thisHost(),
                4242,
                Instant.parse("2026-12-01T02:00:00Z"),
                "t");
    }

    @Test
    void theLockNamesThisProcessUntilClosedAndTakesAwayTheFolderItMadeForItself()
            throws IOException {
        Path output = dir.resolve("out");

        try (OutputLock lock = OutputLock.acquire(CONF, output.toString())) {
            LockHolder holder = LockHolder.parse(Files.readString(output.resolve(OutputLock.NAME)));
            assertThat(holder.pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(holder.host()).isEqualTo(LockHolder.thisHost());
        }

        assertThat(output).doesNotExist();
    }

    @Test
    void aFolderThatExistedOrReceivedARunStaysWhenTheLockGoes() throws IOException {
        Path existing = Files.createDirectories(dir.resolve("existing"));
        Path written = dir.resolve("written");

        OutputLock.acquire(CONF, existing.toString()).close();
        try (OutputLock lock = OutputLock.acquire(CONF, written.toString())) {
            Files.createDirectories(written.resolve("run=1"));
        }

        assertThat(existing).isEmptyDirectory();
        assertThat(written.resolve(OutputLock.NAME)).doesNotExist();
        assertThat(written.resolve("run=1")).isDirectory();
    }

    @Test
    void aSecondJobIsRefusedNamingTheHolderAndTheLockToDelete() throws IOException {
        Path output = dir.resolve("out");
        Path lock = lockLeftBy(output, onAnotherHost(), Duration.ofSeconds(20));

        assertThatThrownBy(() -> OutputLock.acquire(CONF, output.toString()))
                .isInstanceOf(OutputWriteException.class)
                .hasMessageContaining("Cannot write the output " + output + ": ")
                .hasMessageContaining("another transcribe job is writing to it (process 4242 on")
                .hasMessageContaining("started 2026-12-01T02:00:00Z")
                .hasMessageContaining("if it was killed, delete " + lock.toUri().getPath());
        assertThat(LockHolder.parse(Files.readString(lock))).isEqualTo(onAnotherHost());
    }

    @Test
    void aLockLeftUnrefreshedLongerThanARunningJobWouldIsTakenOver() throws IOException {
        Path output = dir.resolve("out");
        Path lock = lockLeftBy(output, onAnotherHost(), OutputLock.STALE_AFTER.plusSeconds(30));

        try (OutputLock taken = OutputLock.acquire(CONF, output.toString())) {
            assertThat(LockHolder.parse(Files.readString(lock)).pid())
                    .isEqualTo(ProcessHandle.current().pid());
        }
    }

    @Test
    void aLockWhoseProcessEndedOnThisHostIsTakenOverAtOnce() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        Path output = dir.resolve("out");
        LockHolder killed =
                new LockHolder(LockHolder.thisHost(), ended.pid(), Instant.now(), "killed");
        Path lock = lockLeftBy(output, killed, Duration.ZERO);

        try (OutputLock taken = OutputLock.acquire(CONF, output.toString())) {
            assertThat(LockHolder.parse(Files.readString(lock)).token())
                    .isNotEqualTo(killed.token());
        }
    }

    @Test
    void aLockWithoutAHolderIsJudgedByItsAgeAlone() throws IOException {
        // A driver killed between creating the file and writing it leaves it empty.
        Path output = Files.createDirectories(dir.resolve("out"));
        Path lock = output.resolve(OutputLock.NAME);
        Files.writeString(lock, "");

        assertThatThrownBy(() -> OutputLock.acquire(CONF, output.toString()))
                .hasMessageContaining("(holder unknown, lock refreshed at ");

        Files.setLastModifiedTime(
                lock, FileTime.from(Instant.now().minus(OutputLock.STALE_AFTER.plusSeconds(1))));
        OutputLock.acquire(CONF, output.toString()).close();
        assertThat(lock).doesNotExist();
    }

    @Test
    void theHolderRefreshesItsLockWhileItRuns() throws Exception {
        Path output = dir.resolve("out");
        Path lock = output.resolve(OutputLock.NAME);
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(1)));

        try (OutputLock held = OutputLock.acquire(CONF, output.toString(), Duration.ofMillis(20))) {
            Files.setLastModifiedTime(lock, old);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (Files.getLastModifiedTime(lock).equals(old) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(Files.getLastModifiedTime(lock).toInstant())
                    .isAfter(Instant.now().minus(Duration.ofMinutes(1)));
        }
    }

    @Test
    void aLockTakenOverMeanwhileIsLeftToItsNewHolder() throws IOException {
        Path output = dir.resolve("out");
        Path lock = output.resolve(OutputLock.NAME);

        OutputLock held = OutputLock.acquire(CONF, output.toString());
        Files.writeString(lock, onAnotherHost().toText());
        held.close();

        assertThat(LockHolder.parse(Files.readString(lock))).isEqualTo(onAnotherHost());
    }

    @Test
    void ofJobsStartingTogetherExactlyOneTakesTheLock() throws Exception {
        String output = dir.resolve("out").toString();
        int jobs = 4;
        CyclicBarrier start = new CyclicBarrier(jobs);
        AtomicInteger refused = new AtomicInteger();
        List<OutputLock> taken = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            Thread thread =
                    new Thread(
                            () -> {
                                try {
                                    start.await();
                                    OutputLock lock = OutputLock.acquire(CONF, output);
                                    synchronized (taken) {
                                        taken.add(lock);
                                    }
                                } catch (OutputWriteException e) {
                                    refused.incrementAndGet();
                                } catch (Exception e) {
                                    throw new AssertionError(e);
                                }
                            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(taken).hasSize(1);
        assertThat(refused).hasValue(jobs - 1);
        taken.get(0).close();
    }

    @Test
    void holdersRoundTripThroughTheirText() {
        LockHolder holder = LockHolder.ofThisProcess(Instant.parse("2026-12-02T10:00:00Z"));

        assertThat(LockHolder.parse(holder.toText())).isEqualTo(holder);
        assertThat(LockHolder.parse("host=a\npid=x\nstarted=2026-12-02T10:00:00Z\ntoken=t"))
                .isNull();
        assertThat(LockHolder.parse("pid=1\nstarted=2026-12-02T10:00:00Z\ntoken=t")).isNull();
    }
}
