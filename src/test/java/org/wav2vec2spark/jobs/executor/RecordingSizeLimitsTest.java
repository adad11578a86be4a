package org.wav2vec2spark.jobs.executor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The size checks at their edges; the transcriber's tests show them in its rows. */
class RecordingSizeLimitsTest {

    /** A mono FLAC header declaring 1,000 samples: 8,000 bytes to decode (int, then float). */
    private static final byte[] THOUSAND_SAMPLES = FlacHeaders.headerOnly(1, 1_000);

    @Test
    void aHeaderThatFitsTheHeapExactlyMayBeDecoded() {
        assertThat(new RecordingSizeLimits(400, 8_000).refusedBeforeDecoding(THOUSAND_SAMPLES, "a"))
                .isNull();
        assertThat(new RecordingSizeLimits(400, 7_999).refusedBeforeDecoding(THOUSAND_SAMPLES, "a"))
                .startsWith("decoding it takes at least 0.0 GiB of heap, more than this");
    }

    @Test
    void filesWithoutADeclaredLengthAreLeftToTheDecoder() {
        RecordingSizeLimits tiny = new RecordingSizeLimits(400, 1);

        assertThat(tiny.refusedBeforeDecoding(new byte[] {'R', 'I', 'F', 'F'}, "a.wav")).isNull();
        assertThat(tiny.refusedBeforeDecoding(null, "unread")).isNull();
    }

    @Test
    void oneFramesWorthOfSamplesIsEnough() {
        RecordingSizeLimits limits = new RecordingSizeLimits(400, 1L << 30);

        assertThat(limits.refusedAfterDecoding(400)).isNull();
        assertThat(limits.refusedAfterDecoding(399))
                .isEqualTo(
                        "399 samples (0.025 s) of audio, shorter than the 400 samples (0.025 s) the"
                                + " model needs for one frame; is the file cut short?");
    }
}
