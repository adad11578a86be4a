package org.wav2vec2spark.jobs.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.wav2vec2spark.jobs.output.RefusingFileSystems.RefusesSetTimes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

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
                null,
                "another-boot pid:[1]",
                Instant.parse("2026-12-01T02:00:00Z"),
                "t");
    }

    /**
     * A holder in this JVM's process table with {@code pid}, started at tick {@code processStart}.
     */
    private static LockHolder here(long pid, Long processStart) {
        return new LockHolder(
                LockHolder.thisHost(),
                pid,
                processStart,
                LockHolder.thisProcessTable(),
                Instant.now(),
                "here-" + pid);
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
                .hasMessageContaining("another job is writing to it (process 4242 on")
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
        assumeTrue(LockHolder.thisProcessTable() != null, "needs Linux's /proc");
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        Path output = dir.resolve("out");
        LockHolder killed = here(ended.pid(), null);
        Path lock = lockLeftBy(output, killed, Duration.ZERO);

        try (OutputLock taken = OutputLock.acquire(CONF, output.toString())) {
            assertThat(LockHolder.parse(Files.readString(lock)).token())
                    .isNotEqualTo(killed.token());
        }
    }

    @Test
    void aProcessThatReusedTheHoldersIdIsNotTheHolder() throws IOException {
        // This JVM has the holder's id, but started at another tick: the holder has ended.
        assumeTrue(LockHolder.thisProcessTable() != null, "needs Linux's /proc");
        Path output = dir.resolve("out");
        long pid = ProcessHandle.current().pid();
        Path lock = lockLeftBy(output, here(pid, LockHolder.startTicks(pid) - 1), Duration.ZERO);

        try (OutputLock taken = OutputLock.acquire(CONF, output.toString())) {
            assertThat(LockHolder.parse(Files.readString(lock)))
                    .extracting(LockHolder::processStart)
                    .isEqualTo(LockHolder.startTicks(pid));
        }
    }

    @Test
    void aHolderKnownToRunKeepsItsLockHoweverLongItWasNotRefreshed() throws IOException {
        // A driver stopped with Ctrl-Z, or a paused machine: alive, so not taken over.
        assumeTrue(LockHolder.thisProcessTable() != null, "needs Linux's /proc");
        Path output = dir.resolve("out");
        Duration unrefreshed = OutputLock.STALE_AFTER.multipliedBy(3);
        lockLeftBy(output, LockHolder.ofThisProcess(Instant.now()), unrefreshed);

        assertThatThrownBy(() -> OutputLock.acquire(CONF, output.toString()))
                .isInstanceOf(OutputWriteException.class)
                .hasMessageEndingWith("; wait for it to end");
    }

    @Test
    void aJobWhoseLockWasTakenOverFailsWhereItChecks() throws IOException {
        Path output = dir.resolve("out");
        Path lock = output.resolve(OutputLock.NAME);

        try (OutputLock held = OutputLock.acquire(CONF, output.toString())) {
            held.requireHeld(output.toString());
            Files.writeString(lock, onAnotherHost().toText());

            assertThatThrownBy(() -> held.requireHeld(output.toString()))
                    .isInstanceOf(OutputWriteException.class)
                    .hasMessageContaining(
                            "is no longer this job's lock (deleted, or taken over by another"
                                    + " job), so this run is not reported as written");
        }
        assertThat(LockHolder.parse(Files.readString(lock))).isEqualTo(onAnotherHost());
    }

    @Test
    void aHolderWhoseProcessesThisJvmCannotSeeIsNotJudgedByThem() throws IOException {
        // Another container with the same host name: its process ids mean nothing here.
        Path output = dir.resolve("out");
        LockHolder elsewhere =
                new LockHolder(
                        LockHolder.thisHost(),
                        99_999_999,
                        null,
                        "other-boot pid:[2]",
                        Instant.now(),
                        "x");
        lockLeftBy(output, elsewhere, Duration.ZERO);

        assertThatThrownBy(() -> OutputLock.acquire(CONF, output.toString()))
                .hasMessageContaining("process 99999999 on " + LockHolder.thisHost())
                .hasMessageContaining("or if it was killed, delete ");
    }

    @Test
    void aHolderKnownToRunHereIsNotSaidToBeDeletable() throws IOException {
        assumeTrue(LockHolder.thisProcessTable() != null, "needs Linux's /proc");
        Path output = dir.resolve("out");
        lockLeftBy(output, LockHolder.ofThisProcess(Instant.now()), Duration.ZERO);

        assertThatThrownBy(() -> OutputLock.acquire(CONF, output.toString()))
                .hasMessageContaining(
                        "another job is writing to it (process " + ProcessHandle.current().pid())
                .hasMessageEndingWith("; wait for it to end");
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
    void aLockOverwrittenWithoutAHolderIsLeftAlone() throws IOException {
        Path output = dir.resolve("out");
        Path lock = output.resolve(OutputLock.NAME);

        OutputLock held = OutputLock.acquire(CONF, output.toString(), Duration.ofMillis(10));
        Files.writeString(lock, "garbage");
        held.close();

        assertThat(lock).hasContent("garbage");
    }

    @Test
    void foldersMadeOnlyForTheLockAreRemovedUpToTheFirstThatExisted() throws IOException {
        Path output = dir.resolve("new/sub/out");

        OutputLock.acquire(CONF, output.toString()).close();

        assertThat(dir.resolve("new")).doesNotExist();
        assertThat(dir).exists();
    }

    @Test
    void onAFileSystemThatKeepsNoTimesTheLockIsWrittenAgain() throws Exception {
        Configuration conf = RefusingFileSystems.configuration(RefusesSetTimes.class);
        Path output = dir.resolve("out");
        Path lock = output.resolve(OutputLock.NAME);
        String uri = RefusingFileSystems.uri(RefusesSetTimes.class, output);
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(1)));

        try (OutputLock held = OutputLock.acquire(conf, uri, Duration.ofMillis(20))) {
            Files.setLastModifiedTime(lock, old);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            // The rewrite is seen midway here, empty; an object store shows a write once closed.
            while ((Files.getLastModifiedTime(lock).equals(old)
                            || LockHolder.parse(Files.readString(lock)) == null)
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(Files.getLastModifiedTime(lock)).isNotEqualTo(old);
            assertThat(LockHolder.parse(Files.readString(lock)).pid())
                    .isEqualTo(ProcessHandle.current().pid());
        }
    }

    @Test
    void ofJobsFindingOneStaleLockExactlyOneTakesItOver() throws Exception {
        // Without the takeover file, two could each delete the lock the other had just made.
        for (int round = 0; round < 50; round++) {
            Path output = dir.resolve("stale-" + round);
            lockLeftBy(output, onAnotherHost(), OutputLock.STALE_AFTER.plusMinutes(1));

            List<OutputLock> taken = RacingAcquires.of(CONF, output.toString(), 3);

            assertThat(taken).as("round %d", round).hasSize(1);
            assertThat(output.resolve(OutputLock.NAME + StaleLockTakeover.SUFFIX)).doesNotExist();
            taken.get(0).close();
        }
    }

    @Test
    @Timeout(10)
    void aLockThatIsAFolderIsNamedInsteadOfTriedForever() throws IOException {
        Path output = dir.resolve("out");
        Files.createDirectories(output.resolve(OutputLock.NAME));

        assertThatThrownBy(() -> OutputLock.acquire(CONF, output.toString()))
                .isInstanceOf(OutputWriteException.class)
                .hasMessageContaining("exists but cannot be read as a file");
    }

    @Test
    void aStaleLockBehindAnotherJobsTakeoverFileNamesThatFile() throws IOException {
        Path output = dir.resolve("out");
        lockLeftBy(output, onAnotherHost(), OutputLock.STALE_AFTER.plusMinutes(1));
        Path takeover =
                Files.writeString(output.resolve(OutputLock.NAME + StaleLockTakeover.SUFFIX), "");

        assertThatThrownBy(() -> OutputLock.acquire(CONF, output.toString()))
                .hasMessageContaining("is stale (it was last refreshed ")
                .hasMessageContaining(takeover + " is in the way");
    }

    @Test
    void aTakeoverFileLeftByAJobThatDiedTakingOverIsCleared() throws IOException {
        Path output = dir.resolve("out");
        lockLeftBy(output, onAnotherHost(), OutputLock.STALE_AFTER.plusMinutes(1));
        Path takeover =
                Files.writeString(output.resolve(OutputLock.NAME + StaleLockTakeover.SUFFIX), "");
        Instant leftAt = Instant.now().minus(OutputLock.STALE_AFTER).minusSeconds(5);
        Files.setLastModifiedTime(takeover, FileTime.from(leftAt));

        OutputLock.acquire(CONF, output.toString()).close();

        assertThat(takeover).doesNotExist();
    }

    @Test
    void ofJobsStartingTogetherExactlyOneTakesTheLock() throws Exception {
        List<OutputLock> taken = RacingAcquires.of(CONF, dir.resolve("out").toString(), 4);

        assertThat(taken).hasSize(1);
        taken.get(0).close();
    }

    @Test
    void anOutputReplacedWholeIsLockedBesideItAndARootCannotBe() {
        assertThat(besideLock("hdfs://nn:8020/runs/eval-1"))
                .hasToString("hdfs://nn:8020/runs/.eval-1.lock");
        // A colon in a child path's name is not taken for a URI scheme.
        assertThat(besideLock("file:/runs/eval 2026-12-03T14:00"))
                .hasToString("file:/runs/.eval 2026-12-03T14:00.lock");
        assertThatThrownBy(() -> besideLock("s3a://bucket/"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "--output s3a://bucket/ is the root of its file system; give a folder below"
                                + " it, beside which the run's lock can be written");
    }

    private static org.apache.hadoop.fs.Path besideLock(String outputUri) {
        return OutputLock.besideLock(outputUri, new org.apache.hadoop.fs.Path(outputUri));
    }
}
