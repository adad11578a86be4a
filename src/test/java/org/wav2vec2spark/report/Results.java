package org.wav2vec2spark.report;

import org.wav2vec2spark.metrics.CaseFolding;
import org.wav2vec2spark.metrics.EditCounts;
import org.wav2vec2spark.metrics.UtteranceScore;
import org.wav2vec2spark.metrics.UtteranceScorer;

/** Builds per-utterance results for report tests, scored by the project's scorer. */
final class Results {
    private Results() {}

    static UtteranceResult scored(
            String id, String split, String speaker, String reference, String hypothesis) {
        return scored(id, split, speaker, reference, hypothesis, CaseFolding.NONE);
    }

    /** A scored utterance whose transcripts were compared with {@code caseFolding} applied. */
    static UtteranceResult scored(
            String id,
            String split,
            String speaker,
            String reference,
            String hypothesis,
            CaseFolding caseFolding) {
        UtteranceScore score = UtteranceScorer.score(reference, hypothesis, caseFolding);
        return new UtteranceResult(
                id,
                split,
                speaker,
                "1",
                "file:/audio/" + id + ".flac",
                2.5,
                reference,
                hypothesis,
                score.words(),
                score.chars(),
                UtteranceResult.OK,
                null);
    }

    static UtteranceResult failed(String id, String split, String speaker, String error) {
        return new UtteranceResult(
                id,
                split,
                speaker,
                "1",
                null,
                0,
                "SOME WORDS",
                null,
                EditCounts.ZERO,
                EditCounts.ZERO,
                UtteranceResult.FAILED,
                error);
    }
}
