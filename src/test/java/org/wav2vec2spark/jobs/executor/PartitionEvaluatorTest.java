package org.wav2vec2spark.jobs.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import ai.djl.translate.TranslateException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wav2vec2spark.ctc.CtcGreedyDecoder;
import org.wav2vec2spark.data.Utterance;
import org.wav2vec2spark.data.UtteranceKey;
import org.wav2vec2spark.metrics.UtteranceScorer;
import org.wav2vec2spark.model.BatchPlanner;
import org.wav2vec2spark.model.BatchPredictor;
import org.wav2vec2spark.model.LengthBucket;
import org.wav2vec2spark.model.LogitsPredictor;
import org.wav2vec2spark.model.ModelCache;
import org.wav2vec2spark.model.Wav2Vec2Model;
import org.wav2vec2spark.report.UtteranceResult;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The per-partition chain without Spark: bundled model, sample FLACs read from a map. */
class PartitionEvaluatorTest {
    // The paths SampleData uses; executor tests do not reach up into the jobs package for them.
    private static final Path MODEL = Path.of("data-samples/model").toAbsolutePath();
    private static final Path SAMPLES = Path.of("data-samples/LibriSpeech").toAbsolutePath();
    private static Wav2Vec2Model model;
    private static LogitsPredictor predictor;
    private static CtcGreedyDecoder decoder;
    private static final Map<String, byte[]> FILES = new HashMap<>();

    @BeforeAll
    static void loadModelAndAudio() throws IOException {
        model = ModelCache.get(MODEL, Device.cpu());
        predictor = model.newPredictor();
        decoder = new CtcGreedyDecoder(model.directory().vocabulary());
        try (Stream<Path> files = Files.walk(SAMPLES.resolve("test-clean"))) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".flac")).sorted().limit(6).toList()) {
                FILES.put(file.getFileName().toString(), Files.readAllBytes(file));
            }
        }
    }

    @AfterAll
    static void closePredictor() {
        predictor.close();
    }

    @Test
    void yieldsOneResultPerUtteranceWithFailuresNamed() {
        List<Utterance> input = new ArrayList<>();
        for (String name : readable()) {
            input.add(utterance(name, "HELLO WORLD", null));
        }
        input.add(utterance("corrupt.flac", "A B", null));
        input.add(utterance("missing.flac", "A B", null));
        input.add(utterance("gone.flac", null, "no transcript line for gone"));
        List<UtteranceResult> results;
        FILES.put("corrupt.flac", new byte[] {'f', 'L', 'a', 'C', 0, 0});
        try {
            results = drain(evaluator(960_000, 320_000).evaluate(input.iterator()));
        } finally {
            FILES.remove("corrupt.flac");
        }

        Map<String, UtteranceResult> byId =
                results.stream()
                        .collect(Collectors.toMap(UtteranceResult::id, Function.identity()));
        assertThat(results).hasSize(input.size());
        assertThat(byId.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        input.stream().map(u -> u.key().id()).toList());
        assertThat(byId.get("gone").error()).isEqualTo("no transcript line for gone");
        assertThat(byId.get("corrupt").status()).isEqualTo(UtteranceResult.FAILED);
        assertThat(byId.get("corrupt").error()).contains("corrupt.flac");
        assertThat(byId.get("missing").error()).isEqualTo("mem:missing.flac not found");
        for (String name : readable()) {
            UtteranceResult result = byId.get(name.replace(".flac", ""));
            assertThat(result.status()).as(name).isEqualTo(UtteranceResult.OK);
            assertThat(result.hypothesis()).as(name).isNotNull();
            assertThat(result.durationSeconds()).as(name).isGreaterThan(1.0);
            assertThat(result.words())
                    .as(name)
                    .isEqualTo(UtteranceScorer.score("HELLO WORLD", result.hypothesis()).words());
        }
    }

    @ParameterizedTest(name = "prefetching {0} samples")
    @ValueSource(longs = {0, 16_000})
    void aFileSystemFailureOfTheMomentFailsTheTaskForSparkToRetry(long prefetchSamples) {
        // HadoopFiles wraps what the file system threw: a reset connection is not the file's
        // fault, so no utterance is counted failed for it; a missing file is the file's.
        AudioFetcher flaky =
                uri -> {
                    if (uri.endsWith("gone.flac")) {
                        throw new IOException(
                                uri + ": cannot read", new FileNotFoundException(uri));
                    }
                    throw new IOException(
                            uri + ": cannot read",
                            new java.net.SocketException("Connection reset"));
                };
        // The default runs read on a thread of their own (--prefetch-seconds): its failure must
        // reach the task's thread just the same.
        PartitionEvaluator.Settings settings =
                new PartitionEvaluator.Settings(320_000, prefetchSamples, Long.MAX_VALUE);
        try (PartitionEvaluator evaluator =
                new PartitionEvaluator(
                        predictor, decoder, new BatchPlanner(960_000), flaky, settings)) {
            List<UtteranceResult> gone =
                    drain(
                            evaluator.evaluate(
                                    List.of(utterance("gone.flac", "A", null)).iterator()));
            assertThat(gone)
                    .singleElement()
                    .extracting(UtteranceResult::status)
                    .isEqualTo("failed");
            assertThatThrownBy(
                            () ->
                                    drain(
                                            evaluator.evaluate(
                                                    List.of(utterance(readable().get(0), "A", null))
                                                            .iterator())))
                    .isInstanceOf(java.io.UncheckedIOException.class)
                    .hasMessageContaining("cannot read")
                    .hasRootCauseMessage("Connection reset");
        }
    }

    @Test
    void pairsEveryHypothesisWithItsOwnAudio() throws Exception {
        List<String> names = readable();
        List<Utterance> input = names.stream().map(name -> utterance(name, "X", null)).toList();

        // A budget of one sample puts every utterance in a batch of its own: no padding, so each
        // hypothesis must equal decoding that file alone, whatever order the planner ran them in.
        PartitionEvaluator single = evaluator(1, 16_000 * 6);
        Map<String, String> hypotheses = hypotheses(single, input);

        for (String name : names) {
            float[] audio =
                    org.wav2vec2spark.features.ZeroMeanUnitVarianceNormalizer.normalize(
                            org.wav2vec2spark.audio.AudioReader.readMono16k(FILES.get(name), name));
            String alone = decoder.decode(predictor.predict(List.of(audio)).get(0));
            assertThat(hypotheses.get(name.replace(".flac", ""))).as(name).isEqualTo(alone);
        }
        assertThat(single.stats().batches()).isEqualTo(names.size());
        assertThat(single.stats().realSamples()).isEqualTo(single.stats().paddedSamples());
    }

    @Test
    void smallWindowsStillCoverEveryUtteranceOnce() {
        List<Utterance> input =
                readable().stream().map(name -> utterance(name, "X", null)).toList();

        PartitionEvaluator windowed = evaluator(16_000 * 8, 1);
        Map<String, String> hypotheses = hypotheses(windowed, input);

        assertThat(hypotheses.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        input.stream().map(u -> u.key().id()).toList());
        // A window of one sample holds one utterance at a time, so each is its own batch.
        assertThat(windowed.stats().batches()).isEqualTo(input.size());
    }

    private static Map<String, String> hypotheses(
            PartitionEvaluator evaluator, List<Utterance> input) {
        return drain(evaluator.evaluate(input.iterator())).stream()
                .collect(Collectors.toMap(UtteranceResult::id, UtteranceResult::hypothesis));
    }

    private static PartitionEvaluator evaluator(long batchSamples, long sortBufferSamples) {
        return new PartitionEvaluator(
                predictor,
                decoder,
                new BatchPlanner(batchSamples),
                uri -> {
                    byte[] bytes = FILES.get(uri.substring("mem:".length()));
                    if (bytes == null) {
                        throw new IOException(uri + " not found");
                    }
                    return bytes;
                },
                sortBufferSamples);
    }

    private static Utterance utterance(String file, String reference, String error) {
        String id = file.replace(".flac", "");
        return new Utterance(
                new UtteranceKey("test-clean", "1", "2", id), "mem:" + file, reference, error);
    }

    private static List<UtteranceResult> drain(Iterator<UtteranceResult> results) {
        List<UtteranceResult> list = new ArrayList<>();
        results.forEachRemaining(list::add);
        return list;
    }

    @Test
    void outOfMemoryAboveOneUtteranceSplitsBatchesAndLosesNothing() throws Exception {
        List<Utterance> input =
                readable().stream().map(name -> utterance(name, "X", null)).toList();
        Map<String, String> expected = hypotheses(evaluator(1, 16_000 * 60), input);
        // The real model, except that a batch of more than one utterance "runs out of memory".
        BatchPredictor smallGpu =
                audio -> {
                    if (audio.size() > 1) {
                        throw new TranslateException(
                                new EngineException("CUDA out of memory. Tried to allocate 1 GiB"));
                    }
                    return predictor.predict(audio);
                };
        PartitionEvaluator evaluator =
                evaluator(
                        smallGpu, new PartitionEvaluator.Settings(16_000 * 60, 0, Long.MAX_VALUE));

        List<UtteranceResult> results = drain(evaluator.evaluate(input.iterator()));

        assertThat(results).extracting(UtteranceResult::id).doesNotHaveDuplicates();
        // Split down to single utterances, which hold no padding: the hypotheses equal those of
        // running each utterance alone, so each is paired with its own audio.
        assertThat(
                        results.stream()
                                .collect(
                                        Collectors.toMap(
                                                UtteranceResult::id, UtteranceResult::hypothesis)))
                .isEqualTo(expected);
        assertThat(evaluator.stats().splits()).isPositive();
        assertThat(evaluator.stats().realSamples()).isEqualTo(totalSamples(readable()));
    }

    @Test
    void anUtteranceThatRunsOutOfMemoryAloneFailsAndTheOthersRun() {
        List<String> names = readable();
        List<Utterance> input = names.stream().map(name -> utterance(name, "X", null)).toList();
        int longest = names.stream().mapToInt(PartitionEvaluatorTest::samples).max().orElseThrow();
        BatchPredictor smallGpu =
                audio -> {
                    if (audio.stream().anyMatch(a -> a.length == longest)) {
                        throw new EngineException("CUDA out of memory. Tried to allocate 1 GiB");
                    }
                    return predictor.predict(audio);
                };

        List<UtteranceResult> results =
                drain(
                        evaluator(
                                        smallGpu,
                                        new PartitionEvaluator.Settings(
                                                16_000 * 60, 0, Long.MAX_VALUE))
                                .evaluate(input.iterator()));

        assertThat(results).hasSize(names.size());
        assertThat(results.stream().filter(r -> r.status().equals(UtteranceResult.FAILED)))
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.durationSeconds()).isEqualTo(longest / 16_000.0);
                            assertThat(r.error())
                                    .contains(r.audioUri())
                                    .contains("out of memory running")
                                    .contains("CUDA out of memory");
                        });
    }

    @Test
    void utterancesOverTheLengthLimitFailWithACountedReason() {
        List<String> names = readable();
        List<Utterance> input = names.stream().map(name -> utterance(name, "X", null)).toList();
        int limit = 16_000 * 4;
        long overLimit = names.stream().filter(name -> samples(name) > limit).count();
        assertThat(overLimit).as("samples on both sides of 4 s").isBetween(1L, names.size() - 1L);

        List<UtteranceResult> results =
                drain(
                        evaluator(predictor, new PartitionEvaluator.Settings(16_000 * 60, 0, limit))
                                .evaluate(input.iterator()));

        List<UtteranceResult> failed =
                results.stream().filter(r -> r.status().equals(UtteranceResult.FAILED)).toList();
        assertThat(failed).hasSize((int) overLimit);
        for (UtteranceResult result : failed) {
            assertThat(result.error())
                    .isEqualTo(
                            String.format(
                                    java.util.Locale.ROOT,
                                    "%s: %.1f s exceeds --max-utterance-seconds 4; the"
                                            + " transcription job chunks long audio",
                                    result.audioUri(),
                                    result.durationSeconds()));
            assertThat(result.durationSeconds()).isGreaterThan(4.0);
        }
    }

    @Test
    void aHeaderDeclaringTooLongARecordingIsRefusedWithoutDecodingIt() {
        // STREAMINFO declaring 10 s of 16 kHz audio, and no frames: decoding would say
        // "truncated"; the length limit is checked on the header first.
        FILES.put("long-header.flac", FlacHeaders.headerOnly(1, 160_000));
        try {
            List<UtteranceResult> results =
                    drain(
                            evaluator(
                                            predictor,
                                            new PartitionEvaluator.Settings(
                                                    16_000 * 60, 0, 16_000 * 4))
                                    .evaluate(
                                            List.of(utterance("long-header.flac", "A", null))
                                                    .iterator()));

            assertThat(results)
                    .singleElement()
                    .extracting(UtteranceResult::error)
                    .isEqualTo(
                            "mem:long-header.flac: 10.0 s exceeds --max-utterance-seconds 4; the"
                                    + " transcription job chunks long audio");
        } finally {
            FILES.remove("long-header.flac");
        }
    }

    @Test
    void prefetchingGivesTheSameResultsAsReadingInline() {
        List<Utterance> input = new ArrayList<>();
        for (String name : readable()) {
            input.add(utterance(name, "HELLO WORLD", null));
        }
        input.add(utterance("missing.flac", "A B", null));
        Map<String, UtteranceResult> inline =
                byId(drain(evaluator(960_000, 320_000).evaluate(input.iterator())));

        // A bound of one utterance's worth keeps the reader thread waiting on the model.
        try (PartitionEvaluator prefetching =
                evaluator(
                        predictor,
                        new PartitionEvaluator.Settings(320_000, 16_000, Long.MAX_VALUE))) {
            Map<String, UtteranceResult> prefetched =
                    byId(drain(prefetching.evaluate(input.iterator())));
            assertThat(prefetched).isEqualTo(inline);
            assertThat(prefetching.stageTimes().nanos(StageTimes.Stage.DECODE)).isPositive();
            assertThat(prefetching.stageTimes().nanos(StageTimes.Stage.INFERENCE)).isPositive();
        }
    }

    @Test
    void aFlacHeaderDeclaringHugeAudioFailsItsOwnRowOnly() {
        // 42 bytes: STREAMINFO declaring 8 channels of 2^31 - 1 samples, and no frames. A
        // decoder that sizes its buffers from the header alone runs out of heap on it.
        List<Utterance> input = new ArrayList<>();
        input.add(utterance("huge-header.flac", "A B", null));
        for (String name : readable()) {
            input.add(utterance(name, "X", null));
        }
        FILES.put("huge-header.flac", FlacHeaders.headerOnly(8, Integer.MAX_VALUE));
        try {
            Map<String, UtteranceResult> results =
                    byId(drain(evaluator(960_000, 320_000).evaluate(input.iterator())));

            assertThat(results).hasSize(input.size());
            assertThat(results.get("huge-header").status()).isEqualTo(UtteranceResult.FAILED);
            assertThat(results.get("huge-header").error())
                    .startsWith("mem:huge-header.flac: truncated");
            assertThat(results.values())
                    .filteredOn(r -> r.status().equals(UtteranceResult.OK))
                    .hasSize(input.size() - 1);
        } finally {
            FILES.remove("huge-header.flac");
        }
    }

    @Test
    void countsTheLengthBucketsPaddingInTheBatchFill() {
        List<String> names = readable();
        List<Utterance> input = names.stream().map(name -> utterance(name, "X", null)).toList();
        LengthBucket bucket = new LengthBucket(16_000);
        BatchPlanner planner = new BatchPlanner(16_000 * 20, bucket);
        // What the planner cuts is what runs: no window limit, no out-of-memory splits.
        long expectedPadded =
                planner.plan(names.stream().map(PartitionEvaluatorTest::samples).toList())
                        .paddedSamples();

        try (LogitsPredictor bucketed = model.newPredictor(bucket)) {
            PartitionEvaluator evaluator =
                    new PartitionEvaluator(
                            bucketed,
                            decoder,
                            planner,
                            PartitionEvaluatorTest::fetch,
                            new PartitionEvaluator.Settings(Long.MAX_VALUE, 0, Long.MAX_VALUE));
            drain(evaluator.evaluate(input.iterator()));

            assertThat(evaluator.stats().realSamples()).isEqualTo(totalSamples(names));
            // The predictor pads every batch to whole seconds; the fill must count that padding.
            assertThat(evaluator.stats().paddedSamples()).isEqualTo(expectedPadded);
        }
    }

    @Test
    void anUnexpectedFailureWithoutAMessageStillNamesTheFile() {
        List<Utterance> input = List.of(utterance("odd.flac", "A B", null));
        PartitionEvaluator evaluator =
                new PartitionEvaluator(
                        predictor,
                        decoder,
                        new BatchPlanner(960_000),
                        uri -> {
                            throw new IndexOutOfBoundsException();
                        },
                        16_000 * 60);

        assertThat(drain(evaluator.evaluate(input.iterator())))
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.status()).isEqualTo(UtteranceResult.FAILED);
                            assertThat(r.error())
                                    .isEqualTo("mem:odd.flac: java.lang.IndexOutOfBoundsException");
                        });
    }

    private static Map<String, UtteranceResult> byId(List<UtteranceResult> results) {
        return results.stream().collect(Collectors.toMap(UtteranceResult::id, Function.identity()));
    }

    /** The sample files, sorted; tests that add a broken one remove it when they end. */
    private static List<String> readable() {
        return FILES.keySet().stream().sorted().toList();
    }

    private static int samples(String name) {
        try {
            return org.wav2vec2spark.audio.AudioReader.readMono16k(FILES.get(name), name).length;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long totalSamples(List<String> names) {
        return names.stream().mapToLong(PartitionEvaluatorTest::samples).sum();
    }

    private static PartitionEvaluator evaluator(
            BatchPredictor predictor, PartitionEvaluator.Settings settings) {
        return new PartitionEvaluator(
                predictor,
                decoder,
                new BatchPlanner(960_000),
                PartitionEvaluatorTest::fetch,
                settings);
    }

    private static byte[] fetch(String uri) throws IOException {
        byte[] bytes = FILES.get(uri.substring("mem:".length()));
        if (bytes == null) {
            throw new IOException(uri + " not found");
        }
        return bytes;
    }
}
