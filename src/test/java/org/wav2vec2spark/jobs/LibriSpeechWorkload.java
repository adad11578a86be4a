package org.wav2vec2spark.jobs;

import org.wav2vec2spark.audio.AudioReader;
import org.wav2vec2spark.data.LibriSpeechLayout;
import org.wav2vec2spark.data.TranscriptLine;
import org.wav2vec2spark.data.TranscriptParser;
import org.wav2vec2spark.data.UtteranceKey;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Writes a LibriSpeech-shaped benchmark workload: a {@code test-clean} split of a given number of
 * audio hours whose utterance lengths follow LibriSpeech test-clean's (2620 utterances, 5.4 h: 7.4
 * s on average, 1.3 to 35 s), cut from the bundled sample speech and encoded with the reference
 * {@code flac} encoder, with {@code trans.txt} files.
 *
 * <p>Lengths are drawn from a log-normal with median 6.0 s and sigma 0.65 (mean 7.4 s, as
 * test-clean's 19,450 s / 2620), clipped to [1.3, 35] s. Each utterance is the next stretch of the
 * samples played end to end in a loop; its reference is the transcripts of the samples it touches,
 * so scoring costs about what real text costs. The same seed gives the same workload.
 */
final class LibriSpeechWorkload {

    static final double MIN_SECONDS = 1.3;
    static final double MAX_SECONDS = 35.0;
    private static final double MEDIAN_SECONDS = 6.0;
    private static final double SIGMA = 0.65;
    private static final int RATE = AudioReader.SAMPLE_RATE;
    private static final int PER_CHAPTER = 20;
    private static final int CHAPTERS_PER_SPEAKER = 2;

    private record Source(float[] audio, String text) {}

    private LibriSpeechWorkload() {}

    /** The lengths of a workload of about {@code hours} of audio, in seconds. */
    static List<Double> drawLengths(double hours, long seed) {
        Random random = new Random(seed);
        List<Double> lengths = new ArrayList<>();
        double total = 0;
        while (total < hours * 3600) {
            double seconds = MEDIAN_SECONDS * Math.exp(SIGMA * random.nextGaussian());
            seconds = Math.min(MAX_SECONDS, Math.max(MIN_SECONDS, seconds));
            seconds = Math.round(seconds * 100) / 100.0;
            lengths.add(seconds);
            total += seconds;
        }
        return lengths;
    }

    /**
     * Writes the workload under {@code root/test-clean} unless a complete one with the same
     * settings is already there.
     *
     * @return the utterance lengths in seconds
     */
    static List<Double> write(Path samples, Path root, double hours, long seed) throws Exception {
        List<Double> lengths = drawLengths(hours, seed);
        if (isWritten(root, hours, seed)) {
            return lengths;
        }
        clearEarlierWorkload(root);
        List<Source> sources = readSources(samples);
        Map<Path, StringBuilder> transcripts = new LinkedHashMap<>();
        ExecutorService encoders =
                Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        List<Future<?>> pending = new ArrayList<>();
        int source = 0;
        int offset = 0;
        for (int i = 0; i < lengths.size(); i++) {
            int chapterIndex = i / PER_CHAPTER;
            String speaker = Integer.toString(1000 + chapterIndex / CHAPTERS_PER_SPEAKER);
            String chapter = Integer.toString(10_000 + chapterIndex);
            String id = String.format(Locale.ROOT, "%s-%s-%04d", speaker, chapter, i % PER_CHAPTER);
            Path dir = root.resolve("test-clean").resolve(speaker).resolve(chapter);
            short[] pcm = new short[(int) Math.round(lengths.get(i) * RATE)];
            List<String> words = new ArrayList<>();
            for (int filled = 0; filled < pcm.length; ) {
                Source current = sources.get(source);
                if (offset == 0 || filled == 0) {
                    words.add(current.text());
                }
                int take = Math.min(pcm.length - filled, current.audio().length - offset);
                for (int k = 0; k < take; k++) {
                    float x = current.audio()[offset + k] * 32768f;
                    pcm[filled + k] = (short) Math.max(-32768, Math.min(32767, Math.round(x)));
                }
                filled += take;
                offset += take;
                if (offset == current.audio().length) {
                    source = (source + 1) % sources.size();
                    offset = 0;
                }
            }
            Files.createDirectories(dir);
            transcripts
                    .computeIfAbsent(
                            dir.resolve(speaker + "-" + chapter + ".trans.txt"),
                            k -> new StringBuilder())
                    .append(id)
                    .append(' ')
                    .append(String.join(" ", words))
                    .append('\n');
            Path flac = dir.resolve(id + ".flac");
            pending.add(encoders.submit(() -> encode(pcm, flac)));
        }
        try {
            for (Future<?> future : pending) {
                future.get();
            }
        } finally {
            encoders.shutdownNow();
        }
        for (Map.Entry<Path, StringBuilder> transcript : transcripts.entrySet()) {
            Files.writeString(transcript.getKey(), transcript.getValue(), StandardCharsets.UTF_8);
        }
        Files.writeString(root.resolve(".workload"), settings(hours, seed));
        return lengths;
    }

    /**
     * Deletes a workload of other settings written here before, so none of its utterances stays
     * beside the new ones; refuses a {@code test-clean} this class did not write (real data, say).
     */
    private static void clearEarlierWorkload(Path root) throws IOException {
        Path split = root.resolve("test-clean");
        Path marker = root.resolve(".workload");
        if (!Files.exists(split)) {
            return;
        }
        if (!Files.exists(marker)) {
            throw new IllegalArgumentException(
                    split
                            + " exists but is no workload of this benchmark (no "
                            + marker.getFileName()
                            + " beside it); give --workload a new folder");
        }
        Files.delete(marker); // first: a folder left half-deleted is then never taken as complete
        try (Stream<Path> paths = Files.walk(split)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** Whether a complete workload with these settings is under {@code root}, for reuse. */
    static boolean isWritten(Path root, double hours, long seed) throws IOException {
        Path marker = root.resolve(".workload");
        return Files.exists(marker) && Files.readString(marker).equals(settings(hours, seed));
    }

    private static String settings(double hours, long seed) {
        return String.format(Locale.ROOT, "hours=%s seed=%d%n", hours, seed);
    }

    /** Whether the reference {@code flac} encoder that {@link #write} runs can be started. */
    static boolean encoderFound() {
        try {
            Process probe =
                    new ProcessBuilder("flac", "--version")
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start();
            return probe.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Encodes 16-bit mono PCM with the reference encoder. */
    private static Void encode(short[] pcm, Path flac) throws IOException, InterruptedException {
        Process process =
                new ProcessBuilder(
                                "flac",
                                "--silent",
                                "--force",
                                "--force-raw-format",
                                "--endian=little",
                                "--sign=signed",
                                "--channels=1",
                                "--bps=16",
                                "--sample-rate=" + RATE,
                                "-o",
                                flac.toString(),
                                "-")
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
        byte[] bytes = new byte[pcm.length * 2];
        for (int i = 0; i < pcm.length; i++) {
            bytes[2 * i] = (byte) pcm[i];
            bytes[2 * i + 1] = (byte) (pcm[i] >> 8);
        }
        try (OutputStream in = process.getOutputStream()) {
            in.write(bytes);
        }
        if (process.waitFor() != 0) {
            throw new IOException(
                    "flac failed writing " + flac + " (exit " + process.exitValue() + ")");
        }
        return null;
    }

    private static List<Source> readSources(Path samples) throws IOException {
        List<Source> sources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(samples)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".trans.txt")).sorted().toList()) {
                String relative = samples.relativize(file).toString();
                UtteranceKey chapter =
                        LibriSpeechLayout.parseTranscriptPath(relative).orElseThrow();
                for (TranscriptLine line :
                        TranscriptParser.parse(relative, chapter, Files.readAllLines(file))) {
                    Path audio = file.resolveSibling(line.utteranceId() + ".flac");
                    sources.add(
                            new Source(
                                    AudioReader.readMono16k(
                                            Files.readAllBytes(audio), audio.toString()),
                                    line.text()));
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (sources.isEmpty()) {
            throw new IOException("No transcribed FLAC samples under " + samples);
        }
        return sources;
    }
}
