package org.wav2vec2spark;

import java.nio.file.Path;

/**
 * The Java pipeline against transformers itself: {@code src/test/resources/parity/golden.tar} holds
 * what {@code Wav2Vec2FeatureExtractor}, eager {@code Wav2Vec2ForCTC} (float32, CPU, batch size 1)
 * and {@code Wav2Vec2Processor.batch_decode} produced, written by {@code
 * scripts/parity/transformers_golden.py} where transformers is installed ({@code
 * scripts/with-transformers.sh} provides such a place).
 */
class TransformersGoldenTest extends ReferenceGoldenChecks {

    @Override
    Path golden() {
        return Path.of("src/test/resources/parity/golden.tar");
    }

    @Override
    String howToMake() {
        return "run sudo scripts/with-transformers.sh python3"
                + " scripts/parity/transformers_golden.py";
    }
}
