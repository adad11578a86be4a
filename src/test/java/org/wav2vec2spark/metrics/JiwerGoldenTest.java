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
 * Compares our scorer with jiwer itself on the 300 seeded pairs of {@code torchaudio_golden.jsonl}:
 * {@code src/test/resources/metrics/jiwer_golden.jsonl} holds the hits, substitutions, deletions
 * and insertions that {@code jiwer.process_words} and {@code jiwer.process_characters} (default
 * transforms) report for each pair, their rates, and corpus {@code jiwer.wer} and {@code jiwer.cer}
 * over all pairs. {@code make_jiwer_golden.py} beside it made the file with jiwer 4.0.0, run from
 * its source on rapidfuzz 3.14.5 because the build machine has no PyPI; the header line names the
 * source commits and versions.
 *
 * <p>Every pair must agree on the hits, substitutions, deletions and insertions at word and
 * character level (so on the equal-cost alignments too, where the split depends on how rapidfuzz
 * traces its path back), the reference length, and the per-pair rate, including the empty
 * references, where jiwer 4.0 defines the rate as the number of insertions; corpus WER and CER must
 * equal jiwer's to the last bit.
 */
class JiwerGoldenTest {

    private static final String RESOURCE = "/metrics/jiwer_golden.jsonl";

    /** One pair as jiwer scored it. */
    record JiwerPair(
            String id,
            String reference,
            String hypothesis,
            EditCounts words,
            double wer,
            EditCounts chars,
            double cer) {
        @Override
        public String toString() {
            return id;
        }

        /**
         * Reads one pair line; a pair jiwer refused (make_jiwer_golden.py then writes its exception
         * as {@code error}) fails the test, naming the pair: none may go unscored.
         */
        static JiwerPair of(JsonObject json) {
            String id = json.get("id").getAsString();
            assertThat(json.has("error"))
                    .as("jiwer refused %s: %s", id, json.get("error"))
                    .isFalse();
            return new JiwerPair(
                    id,
                    json.get("reference").getAsString(),
                    json.get("hypothesis").getAsString(),
                    counts(json, "word_"),
                    json.get("wer").getAsDouble(),
                    counts(json, "char_"),
                    json.get("cer").getAsDouble());
        }

        private static EditCounts counts(JsonObject json, String prefix) {
            return new EditCounts(
                    json.get(prefix + "hits").getAsLong(),
                    json.get(prefix + "substitutions").getAsLong(),
                    json.get(prefix + "deletions").getAsLong(),
                    json.get(prefix + "insertions").getAsLong());
        }
    }

    static List<JiwerPair> pairs() {
        List<String> lines = lines();
        return lines.subList(1, lines.size() - 1).stream() // header first, corpus rates last
                .map(line -> JiwerPair.of(JsonParser.parseString(line).getAsJsonObject()))
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    void wordAndCharacterErrorsEqualJiwer(JiwerPair pair) {
        UtteranceScore ours = UtteranceScorer.score(pair.reference(), pair.hypothesis());

        assertThat(ours.words().referenceLength())
                .as("reference words")
                .isEqualTo(pair.words().referenceLength());
        assertThat(ours.words()).as("word H/S/D/I").isEqualTo(pair.words());
        assertThat(ours.wer()).as("wer").isEqualTo(pair.wer());
        assertThat(ours.chars().referenceLength())
                .as("reference characters")
                .isEqualTo(pair.chars().referenceLength());
        assertThat(ours.chars()).as("character H/S/D/I").isEqualTo(pair.chars());
        assertThat(ours.cer()).as("cer").isEqualTo(pair.cer());
    }

    @Test
    void corpusRatesEqualJiwer() {
        List<String> lines = lines();
        JsonObject corpus = JsonParser.parseString(lines.get(lines.size() - 1)).getAsJsonObject();
        List<JiwerPair> pairs = pairs();
        UtteranceScore ours =
                pairs.stream()
                        .map(p -> UtteranceScorer.score(p.reference(), p.hypothesis()))
                        .reduce(UtteranceScore.ZERO, UtteranceScore::plus);

        assertThat(corpus.get("corpus").getAsBoolean()).isTrue();
        assertThat(corpus.get("pairs").getAsInt()).isEqualTo(pairs.size());
        assertThat(ours.wer()).isEqualTo(corpus.get("wer").getAsDouble());
        assertThat(ours.cer()).isEqualTo(corpus.get("cer").getAsDouble());
    }

    @Test
    void jiwerAcceptedEveryPairIncludingEmptyReferences() {
        // jiwer 3.x raised ValueError on an empty reference; 4.0 scores it, and so do we. A pair
        // jiwer refused fails in JiwerPair.of.
        List<JiwerPair> pairs = pairs();
        List<JiwerPair> emptyReferences =
                pairs.stream().filter(p -> p.words().referenceLength() == 0).toList();

        assertThat(pairs).hasSize(300);
        assertThat(emptyReferences).hasSize(6);
        assertThat(emptyReferences)
                .allSatisfy(p -> assertThat(p.wer()).isEqualTo(p.words().insertions()))
                .allSatisfy(p -> assertThat(p.cer()).isEqualTo(p.chars().insertions()))
                .anySatisfy(p -> assertThat(p.words().insertions()).isZero())
                .anySatisfy(p -> assertThat(p.chars().insertions()).isGreaterThan(1));
    }

    private static List<String> lines() {
        return TestResources.lines(RESOURCE);
    }
}
