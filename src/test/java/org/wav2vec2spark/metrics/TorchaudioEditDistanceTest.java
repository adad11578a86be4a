package org.wav2vec2spark.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.wav2vec2spark.TestResources;

import java.util.List;

/**
 * Compares our word and character error counts with torchaudio's Levenshtein distance ({@code
 * torchaudio.functional.edit_distance}) on 300 seeded random pairs, made by {@code
 * src/test/resources/metrics/make_torchaudio_golden.py} with jiwer's default tokenisation. The
 * pairs include alignment ties, empty hypotheses and references, runs of spaces, whitespace that
 * only Python treats as such, and a character outside the Basic Multilingual Plane.
 *
 * <p>A unit-cost edit distance is exactly what jiwer's S + D + I is, so every pair must agree to
 * the count, and corpus WER and CER from summed counts must equal the reference's.
 */
class TorchaudioEditDistanceTest {

    private static final String RESOURCE = "/metrics/torchaudio_golden.jsonl";

    record DistancePair(
            String id,
            String reference,
            String hypothesis,
            long referenceWords,
            long wordErrors,
            long referenceChars,
            long charErrors) {
        @Override
        public String toString() {
            return id;
        }

        static DistancePair of(JsonObject json) {
            return new DistancePair(
                    json.get("id").getAsString(),
                    json.get("reference").getAsString(),
                    json.get("hypothesis").getAsString(),
                    json.get("reference_words").getAsLong(),
                    json.get("word_errors").getAsLong(),
                    json.get("reference_chars").getAsLong(),
                    json.get("char_errors").getAsLong());
        }
    }

    static List<DistancePair> pairs() {
        return lines().stream()
                .skip(1) // the header names the generator and tool versions
                .map(line -> DistancePair.of(JsonParser.parseString(line).getAsJsonObject()))
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    void wordAndCharacterErrorsEqualTorchaudioEditDistance(DistancePair pair) {
        UtteranceScore ours = UtteranceScorer.score(pair.reference(), pair.hypothesis());

        assertThat(ours.words().referenceLength())
                .as("reference words")
                .isEqualTo(pair.referenceWords());
        assertThat(ours.words().errors()).as("word S+D+I").isEqualTo(pair.wordErrors());
        assertThat(ours.chars().referenceLength())
                .as("reference characters")
                .isEqualTo(pair.referenceChars());
        assertThat(ours.chars().errors()).as("character S+D+I").isEqualTo(pair.charErrors());
    }

    @Test
    void corpusRatesEqualSummedTorchaudioDistances() {
        List<DistancePair> pairs = pairs();
        UtteranceScore ours =
                pairs.stream()
                        .map(p -> UtteranceScorer.score(p.reference(), p.hypothesis()))
                        .reduce(UtteranceScore.ZERO, UtteranceScore::plus);
        long wordErrors = pairs.stream().mapToLong(DistancePair::wordErrors).sum();
        long referenceWords = pairs.stream().mapToLong(DistancePair::referenceWords).sum();
        long charErrors = pairs.stream().mapToLong(DistancePair::charErrors).sum();
        long referenceChars = pairs.stream().mapToLong(DistancePair::referenceChars).sum();

        assertThat(pairs).hasSize(300);
        assertThat(ours.wer()).isEqualTo((double) wordErrors / referenceWords);
        assertThat(ours.cer()).isEqualTo((double) charErrors / referenceChars);
    }

    @Test
    void goldenFileCoversTheEdgeCases() {
        List<DistancePair> pairs = pairs();

        assertThat(pairs).anyMatch(p -> p.hypothesis().isBlank() && p.referenceWords() > 0);
        assertThat(pairs).anyMatch(p -> p.referenceWords() == 0 && p.wordErrors() > 0);
        assertThat(pairs).anyMatch(p -> p.reference().contains("\u3000"));
        assertThat(pairs).anyMatch(p -> p.reference().contains("\u001c"));
        assertThat(pairs).anyMatch(p -> p.hypothesis().codePoints().anyMatch(c -> c > 0xFFFF));
    }

    private static List<String> lines() {
        return TestResources.lines(RESOURCE);
    }
}
