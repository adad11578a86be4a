package org.wav2vec2spark.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.EngineException;
import ai.djl.translate.TranslateException;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

class ChunkedPredictorTest {

    private static final FrameCounter WAV2VEC2 =
            new FrameCounter(List.of(10, 3, 3, 3, 3, 2, 2), List.of(5, 2, 2, 2, 2, 2, 2));

    /**
     * A model whose frame f of a window holds the window's sample 320 f. Fed a ramp (sample i has
     * value i) without normalisation, every frame names the recording sample it starts at, so the
     * stitched frames must read 0, 320, 640, ... with no gap and no repeat.
     */
    private final List<Integer> batchSizes = new ArrayList<>();

    private final BatchPredictor sampleIndexModel =
            inputs -> {
                batchSizes.add(inputs.size());
                List<float[][]> out = new ArrayList<>();
                for (float[] window : inputs) {
                    float[][] frames = new float[WAV2VEC2.frames(window.length)][];
                    for (int f = 0; f < frames.length; f++) {
                        frames[f] = new float[] {window[f * 320]};
                    }
                    out.add(frames);
                }
                return out;
            };

    @Test
    void stitchedFramesCoverTheRecordingOnceInOrder() throws Exception {
        float[] ramp = ramp(1_000_000);
        List<float[][]> pieces = new ArrayList<>();
        ChunkedPredictor predictor =
                new ChunkedPredictor(
                        sampleIndexModel,
                        ChunkPlanner.fromSeconds(30, 5, 16_000, 320),
                        960_000,
                        false);

        int windows = predictor.predict(ramp, pieces::add);

        float[] starts = concat(pieces);
        // Kept per window (ChunkPlannerTest): 1250, 1000, and of the last window's 1124 model
        // frames ((360000 - 400) / 320 + 1, the encoder's arithmetic) those from 250: 874.
        assertThat(windows).isEqualTo(3);
        assertThat(pieces).extracting(p -> p.length).containsExactly(1250, 1000, 874);
        assertThat(starts).hasSize(3124);
        for (int k = 0; k < starts.length; k++) {
            assertThat(starts[k]).as("frame %d", k).isEqualTo(320f * k);
        }
        // The two full windows (2 x 480000 samples fit 960000) run together; the short last one
        // alone, so no window is ever padded.
        assertThat(batchSizes).containsExactly(2, 1);
    }

    @Test
    void shortRecordingIsOneUnpaddedWindowWithEveryFrame() throws Exception {
        List<float[][]> pieces = new ArrayList<>();
        new ChunkedPredictor(
                        sampleIndexModel, ChunkPlanner.fromSeconds(30, 5, 16_000, 320), 1, false)
                .predict(ramp(16_000), pieces::add);

        // (16000 - 400) / 320 + 1 = 49 frames, all kept.
        assertThat(pieces).hasSize(1);
        assertThat(pieces.get(0)).hasNumberOfRows(49);
    }

    @Test
    void normalisesEachWindowOnItsOwn() throws Exception {
        List<float[]> seen = new ArrayList<>();
        BatchPredictor recorder =
                inputs -> {
                    seen.addAll(inputs);
                    return inputs.stream().map(w -> new float[0][]).toList();
                };

        new ChunkedPredictor(recorder, ChunkPlanner.fromSeconds(30, 5, 16_000, 320), 1, true)
                .predict(ramp(1_000_000), piece -> {});

        // A ramp window normalised alone has mean 0 whatever its offset in the recording.
        for (float[] window : seen) {
            double mean = 0;
            for (float v : window) {
                mean += v;
            }
            assertThat(mean / window.length)
                    .isCloseTo(0, org.assertj.core.api.Assertions.within(1e-3));
        }
        assertThat(seen).hasSize(3);
    }

    @Test
    void outOfMemoryHalvesTheBatchAndEveryWindowRunsOnceInOrder() throws Exception {
        // 10 windows of 30 s every 20 s, the last shorter: with a budget of 8 windows the first
        // batch holds 8 equal windows.
        float[] ramp = ramp(16_000 * 200);
        ChunkPlanner planner = ChunkPlanner.fromSeconds(30, 5, 16_000, 320);
        List<float[][]> expected = new ArrayList<>();
        new ChunkedPredictor(sampleIndexModel, planner, 8 * 480_000, false)
                .predict(ramp, expected::add);
        List<Integer> ranWindowStarts = new ArrayList<>();
        List<Integer> callSizes = new ArrayList<>();
        BatchPredictor twoAtMost =
                inputs -> {
                    callSizes.add(inputs.size());
                    if (inputs.size() > 2) {
                        throw new TranslateException(
                                new EngineException(
                                        "CUDA out of memory. Tried to allocate 2.00 GiB"));
                    }
                    // Unnormalised ramp: a window's first sample is where it starts.
                    inputs.forEach(window -> ranWindowStarts.add((int) window[0]));
                    return sampleIndexModel.predict(inputs);
                };
        List<float[][]> pieces = new ArrayList<>();

        ChunkedPredictor predictor = new ChunkedPredictor(twoAtMost, planner, 8 * 480_000, false);
        int windows = predictor.predict(ramp, pieces::add);

        List<Integer> planned = planner.plan(ramp.length).stream().map(AudioChunk::start).toList();
        assertThat(windows).isEqualTo(planned.size());
        // Every window ran exactly once, none lost or run twice, in window order.
        assertThat(ranWindowStarts).containsExactlyElementsOf(planned);
        assertThat(concat(pieces)).containsExactly(concat(expected));
        // 8 fails, each 4 fails, the pairs run; then the 9th window (no 8 more of its length) and
        // the shorter 10th run alone.
        assertThat(callSizes).containsExactly(8, 4, 2, 2, 4, 2, 2, 1, 1);
        assertThat(predictor.outOfMemorySplits()).isEqualTo(3); // the 8 once, each 4 once
        predictor.predict(ramp, frames -> {});
        assertThat(predictor.outOfMemorySplits()).isEqualTo(6); // counted over recordings
    }

    @Test
    void aWindowOutOfMemoryAloneFailsTheRecordingNamingTheWindow() {
        BatchPredictor noFullWindow =
                inputs -> {
                    if (inputs.stream().anyMatch(window -> window.length >= 480_000)) {
                        throw new TranslateException(
                                new EngineException(
                                        "CUDA out of memory. Tried to allocate 2.00 GiB"));
                    }
                    return sampleIndexModel.predict(inputs);
                };
        List<float[][]> pieces = new ArrayList<>();

        assertThatThrownBy(
                        () ->
                                new ChunkedPredictor(
                                                noFullWindow,
                                                ChunkPlanner.fromSeconds(30, 5, 16_000, 320),
                                                960_000,
                                                false)
                                        .predict(ramp(1_000_000), pieces::add))
                .isInstanceOf(TranslateException.class)
                .hasMessageStartingWith(
                        "window 1 of 3: out of memory running 30.0 s of audio alone: ")
                .hasMessageContaining("CUDA out of memory")
                .cause()
                .isInstanceOf(TranslateException.class)
                .hasRootCauseInstanceOf(EngineException.class);
        assertThat(pieces).isEmpty();
    }

    private static float[] ramp(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
        }
        return x;
    }

    private static float[] concat(List<float[][]> pieces) {
        float[] all = new float[pieces.stream().mapToInt(p -> p.length).sum()];
        int k = 0;
        for (float[][] piece : pieces) {
            for (float[] frame : piece) {
                all[k++] = frame[0];
            }
        }
        return Arrays.copyOf(all, k);
    }
}
