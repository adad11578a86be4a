package org.wav2vec2spark.jobs.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

class LockHolderTest {

    @Test
    void holdersRoundTripThroughTheirText() {
        LockHolder holder = LockHolder.ofThisProcess(Instant.parse("2026-12-02T10:00:00Z"));

        assertThat(LockHolder.parse(holder.toText())).isEqualTo(holder);
        assertThat(LockHolder.parse("host=a\npid=x\nstarted=2026-12-02T10:00:00Z\ntoken=t"))
                .isNull();
        assertThat(LockHolder.parse("pid=1\nstarted=2026-12-02T10:00:00Z\ntoken=t")).isNull();
        // Line ends written on Windows.
        assertThat(LockHolder.parse(holder.toText().replace("\n", "\r\n"))).isEqualTo(holder);
    }

    @Test
    void aRunningProcessHasAStartTickAndAnEndedOneHasNone() throws Exception {
        assumeTrue(LockHolder.thisProcessTable() != null, "needs Linux's /proc");
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        long self = ProcessHandle.current().pid();

        Process later = new ProcessBuilder("sleep", "10").start();
        try {
            // Field 22 is the start in ticks since boot: later for a later process, and no more
            // than the uptime in ticks (USER_HZ is 100); the fields beside it are sizes.
            assertThat(LockHolder.startTicks(later.pid()))
                    .isGreaterThan(LockHolder.startTicks(self));
        } finally {
            later.destroy();
        }
        double uptime = Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
        assertThat(LockHolder.startTicks(self))
                .isPositive()
                .isLessThanOrEqualTo((long) (uptime * 100));
        assertThat(LockHolder.startTicks(ended.pid())).isNull();
        assertThat(LockHolder.thisProcessTable()).contains(" pid:[").contains(" uid:");
    }

    @Test
    void aHolderIsJudgedOnlyInItsOwnProcessTable() {
        LockHolder self = LockHolder.ofThisProcess(Instant.now());
        String here = LockHolder.thisProcessTable();
        assumeTrue(here != null, "needs Linux's /proc");

        assertThat(self.runsIn(here)).isTrue();
        assertThat(self.endedIn(here)).isFalse();
        assertThat(self.runsIn("another machine")).isFalse();
        assertThat(self.endedIn("another machine")).isFalse();
    }
}
