package org.wav2vec2spark.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

class ChunkPlannerTest {

    // chunk_length_s=30, stride_length_s=5 (the pipeline's default chunk/6) at 16 kHz, ratio 320:
    // chunk = round(480000 / 320) * 320 = 480000, strides 80000, step 320000.
    private static final ChunkPlanner THIRTY_FIVE = ChunkPlanner.fromSeconds(30, 5, 16_000, 320);

    @Test
    void cutsLikeChunkIterAndRescalesStridesToFrames() {
        // 1,000,000 samples, worked by hand through chunk_iter and rescale_stride:
        //   start 0:      end 480000 < n, len 480000, strides (0, 80000): 1500 tokens, keep [0,
        // 1250)
        //   start 320000: end 800000 < n, len 480000, strides (80000, 80000): keep [250, 1250)
        //   start 640000: end 1120000 >= n (last), len 360000, strides (80000, 0):
        //                 tokens round(1125.0) = 1125, left round(80000/360000*1125) = 250
        assertThat(THIRTY_FIVE.plan(1_000_000))
                .containsExactly(
                        new AudioChunk(0, 480_000, 0, 1250),
                        new AudioChunk(320_000, 480_000, 250, 1250),
                        new AudioChunk(640_000, 360_000, 250, 1125));
    }

    @ParameterizedTest(name = "{0} samples -> last window {1}+{2}, keep [{3}, {4})")
    @CsvSource({
        // Fits one window: nothing dropped, tokens = round(n / 320).
        "16000, 0, 16000, 0, 50",
        "480000, 0, 480000, 0, 1500",
        // One sample more: a second window from 320000 (end 800000 >= n).
        "480001, 320000, 160001, 250, 500",
        // 192160 / 320 = 600.5: Python's round gives 600 (half to even), not 601.
        "512160, 320000, 192160, 250, 600",
        // 192480 / 320 = 601.5 -> 602; left = round(80000 / 192480 * 602) = round(250.2) = 250.
        "512480, 320000, 192480, 250, 602",
    })
    void lastWindowFollowsThePipelinesRounding(
            int samples, int start, int length, int keepFrom, int keepTo) {
        List<AudioChunk> chunks = THIRTY_FIVE.plan(samples);

        assertThat(chunks.get(chunks.size() - 1))
                .isEqualTo(new AudioChunk(start, length, keepFrom, keepTo));
    }

    @Test
    void secondsAreRoundedToWholeFrames() {
        // 1.01 s = 16160 samples = 50.5 frames -> round half to even = 50 frames = 16000 samples;
        // stride 0.1 s = 1600 samples = 5 frames. Window 16000, step 12800.
        ChunkPlanner planner = ChunkPlanner.fromSeconds(1.01, 0.1, 16_000, 320);

        assertThat(planner.chunkSamples()).isEqualTo(16_000);
        assertThat(planner.plan(20_000).get(1).start()).isEqualTo(12_800);
    }

    @Test
    void zeroChunkMeansOneWindowAndEmptyAudioNone() {
        ChunkPlanner whole = new ChunkPlanner(0, 0, 0, 320);

        assertThat(whole.plan(10_000_000)).containsExactly(new AudioChunk(0, 10_000_000, 0, 31250));
        assertThat(whole.plan(0)).isEmpty();
        assertThat(THIRTY_FIVE.plan(0)).isEmpty();
    }

    @Test
    void refusesStridesThatLeaveNoStep() {
        assertThatThrownBy(() -> new ChunkPlanner(160_000, 80_000, 80_000, 320))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the chunk is 160000 samples and the strides 80000 + 80000");
    }

    @Test
    void refusesAChunkThatRoundsToNoFrame() {
        // 0.005 s is 80 samples, a quarter frame: rounded to 0 it would turn chunking off.
        assertThatThrownBy(() -> ChunkPlanner.fromSeconds(0.005, 0, 16_000, 320))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A chunk of 0.005 s is shorter than one frame of 320 samples");
        assertThat(ChunkPlanner.fromSeconds(0, 0, 16_000, 320).plan(100)).hasSize(1);
    }

    @Test
    void refusesAChunkBeyondWhatAWindowCanHold() {
        // A million seconds ("never chunk") overflowed the int window and failed as an
        // ArithmeticException, which the job's option check did not turn into a usage error.
        assertThatThrownBy(() -> ChunkPlanner.fromSeconds(1e6, 0, 16_000, 320))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Seconds must be at most 134217 (0 turns chunking off) but was 1000000.0");
        // Far larger, a long product would wrap around to a small or negative window.
        assertThatThrownBy(() -> ChunkPlanner.fromSeconds(1e17, 0, 16_000, 320))
                .hasMessageStartingWith("Seconds must be at most 134217");
    }
}
