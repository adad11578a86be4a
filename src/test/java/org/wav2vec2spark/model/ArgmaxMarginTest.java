package org.wav2vec2spark.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;

import org.junit.jupiter.api.Test;
import org.wav2vec2spark.ctc.CtcGreedyDecoder;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How close the transcript goldens of the bundled samples (the model card loop's, made by eager
 * transformers at batch size 1 with another build of torch) are to a tie that the job's own logits
 * could break the other way. Every sample is run through the bundled TorchScript at batch size 1;
 * at each frame whose top two logits are within {@link #NEAR_TIE} (the margin the logit parity
 * tests use), the transcript is decoded with the second token instead, and a frame where that
 * changes the text is a deciding near tie.
 *
 * <p>The job's logits may differ from the golden's by the TorchScript-vs-eager difference plus the
 * padded-batch-vs-alone one, per logit, as measured on the bundled model; a gap between two logits
 * may move by twice that, {@link #WORST_GAP_SHIFT}. The test prints every deciding near tie and
 * fails when one is within twice that shift: a retrained model or new samples whose goldens would
 * hang on rounding. On the current samples the one deciding tie (70-445368-0002, frame 103) is 3.5
 * times the shift.
 */
class ArgmaxMarginTest {

    /** The top-two margin under which the logit parity tests do not count an argmax change. */
    private static final double NEAR_TIE = 1e-3;

    /** TorchScript vs eager transformers at batch size 1, bundled model (README, parity table). */
    private static final double TORCHSCRIPT_VS_EAGER = 2.0e-5;

    /** The exact export's padded batch vs its batch size 1, bundled model (the same table). */
    private static final double PADDED_VS_ALONE = 2.7e-5;

    /** How far the gap between two logits can move between the golden and the job. */
    private static final double WORST_GAP_SHIFT = 2 * (TORCHSCRIPT_VS_EAGER + PADDED_VS_ALONE);

    @Test
    void noNearTieThatDecidesATranscriptIsWithinTwiceTheWorstShiftOfTheGap() throws Exception {
        SampleSpeech samples = SampleSpeech.list();
        ModelDirectory directory = ModelDirectory.open(BundledModel.DIRECTORY);
        CtcGreedyDecoder decoder = new CtcGreedyDecoder(directory.vocabulary());
        List<String> deciding = new ArrayList<>();
        double smallestDecidingGap = Double.MAX_VALUE;
        int nearTies = 0;
        try (Wav2Vec2Model model = Wav2Vec2Model.load(directory, Device.cpu());
                LogitsPredictor predictor = model.newPredictor()) {
            for (String id : samples.ids()) {
                float[][] logits =
                        predictor.predict(List.of(samples.features(id, "the listing"))).get(0);
                int[] ids = CtcGreedyDecoder.argmax(logits);
                String transcript = decoder.decodeIds(ids);
                for (int frame = 0; frame < logits.length; frame++) {
                    int second = secondBest(logits[frame], ids[frame]);
                    double gap = logits[frame][ids[frame]] - logits[frame][second];
                    if (gap >= NEAR_TIE) {
                        continue;
                    }
                    nearTies++;
                    int[] flipped = ids.clone();
                    flipped[frame] = second;
                    String other = decoder.decodeIds(flipped);
                    if (!other.equals(transcript)) {
                        smallestDecidingGap = Math.min(smallestDecidingGap, gap);
                        deciding.add(
                                String.format(
                                        Locale.ROOT,
                                        "%s frame %d: gap %.3g, '%s' or '%s'",
                                        id,
                                        frame,
                                        gap,
                                        transcript,
                                        other));
                    }
                }
            }
        }
        System.out.printf(
                "%d samples: %d frame(s) with a top-two gap under %.0g, %d deciding a"
                        + " transcript%s%n",
                samples.size(),
                nearTies,
                NEAR_TIE,
                deciding.size(),
                deciding.isEmpty() ? "" : ":\n  " + String.join("\n  ", deciding));
        assertThat(smallestDecidingGap)
                .as("the closest deciding near tie; %s", deciding)
                .isGreaterThan(2 * WORST_GAP_SHIFT);
    }

    /** The token with the highest logit after {@code best}. */
    private static int secondBest(float[] row, int best) {
        int second = best == 0 ? 1 : 0;
        for (int token = 0; token < row.length; token++) {
            if (token != best && row[token] > row[second]) {
                second = token;
            }
        }
        return second;
    }
}
