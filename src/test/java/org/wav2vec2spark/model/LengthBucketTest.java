package org.wav2vec2spark.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LengthBucketTest {

    @ParameterizedTest(name = "{1} samples in buckets of {0} pad to {2}")
    @CsvSource({
        "16000, 0, 0",
        "16000, 1, 16000",
        "16000, 15999, 16000",
        "16000, 16000, 16000",
        "16000, 16001, 32000",
        "1, 12345, 12345",
        "7, 2147483647, 2147483647",
    })
    void roundsUpToAMultiple(int bucket, int longest, int padded) {
        assertThat(new LengthBucket(bucket).paddedLength(longest)).isEqualTo(padded);
    }

    @Test
    void onlyBucketsAboveOneSampleRound() {
        assertThat(LengthBucket.NONE.rounds()).isFalse();
        assertThat(new LengthBucket(2).rounds()).isTrue();
    }

    @Test
    void refusesANonPositiveBucket() {
        assertThatThrownBy(() -> new LengthBucket(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Length bucket must be >= 1 sample but was 0");
    }
}
