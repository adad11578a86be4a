package org.wav2vec2spark.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.List;

class NightlyVerdictTest {
    private static final SplitVerdict CLEAN_OK = new SplitVerdict("clean", false, "clean OK");
    private static final SplitVerdict OTHER_UP =
            new SplitVerdict("other", true, "other REGRESSION");
    private static final SplitVerdict NOISY_UP =
            new SplitVerdict("noisy", true, "noisy REGRESSION");

    @Test
    void okWhenNoSplitRegressed() {
        NightlyVerdict verdict = new NightlyVerdict(List.of(CLEAN_OK), false);

        assertThat(verdict.headline()).isEqualTo("OK");
        assertThat(verdict.regressedSplits()).isEmpty();
        assertThat(verdict.regressed()).isFalse();
        assertThat(verdict.checked()).isTrue();
    }

    @Test
    void namesTheRegressedSplitsInCheckOrder() {
        NightlyVerdict verdict = new NightlyVerdict(List.of(OTHER_UP, CLEAN_OK, NOISY_UP), false);

        assertThat(verdict.headline()).isEqualTo("REGRESSION in other, noisy");
        assertThat(verdict.regressedSplits()).containsExactly("other", "noisy");
        assertThat(verdict.regressed()).isTrue();
    }

    @Test
    void anAcceptedRegressionSaysSo() {
        assertThat(new NightlyVerdict(List.of(OTHER_UP), true).headline())
                .isEqualTo("REGRESSION in other (accepted as the new baseline)");
        assertThat(new NightlyVerdict(List.of(CLEAN_OK), true).headline()).isEqualTo("OK");
    }

    @Test
    void notCheckedHasNoSplits() {
        assertThat(NightlyVerdict.NOT_CHECKED.checked()).isFalse();
    }
}
