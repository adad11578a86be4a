package org.wav2vec2spark;

import java.nio.file.Path;

/**
 * The Java pipeline against torchaudio's own wav2vec2 ({@code torchaudio.models.wav2vec2_model}),
 * an implementation independent of this project's export and of transformers: {@code
 * src/test/resources/parity/torchaudio.tar} holds its float32 logits at batch size 1 on CPU and the
 * greedy transcripts of every sample, with the model input it was given (audio decoded by the
 * reference {@code flac} tool, normalised with {@code Wav2Vec2FeatureExtractor}'s formula), written
 * by {@code scripts/parity/torchaudio_parity.py} with Debian's torch and torchaudio.
 */
class TorchaudioGoldenTest extends ReferenceGoldenChecks {

    @Override
    Path golden() {
        return Path.of("src/test/resources/parity/torchaudio.tar");
    }

    @Override
    String howToMake() {
        return "run /usr/bin/python3 scripts/parity/torchaudio_parity.py (Debian packages"
                + " python3-torchaudio and flac)";
    }

    /** torchaudio's tutorial decoder returns words; its texts.tsv joins them by one space. */
    @Override
    String comparable(String transcript) {
        return String.join(" ", transcript.trim().split(" +"));
    }
}
