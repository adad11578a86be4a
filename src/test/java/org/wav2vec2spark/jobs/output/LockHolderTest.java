package org.wav2vec2spark.jobs.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

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

        assertThat(LockHolder.startTicks(self)).isPositive().isEqualTo(LockHolder.startTicks(self));
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
