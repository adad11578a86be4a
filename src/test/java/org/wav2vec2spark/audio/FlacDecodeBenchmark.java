package org.wav2vec2spark.audio;

import org.jflac.FLACDecoder;
import org.jflac.PCMProcessor;
import org.jflac.metadata.StreamInfo;
import org.jflac.util.ByteData;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Decoding speed of our FLAC decoder, jflac 1.5.2 and the reference {@code flac -d}, in one run on
 * one file, so the ratios share the machine's state. Run by {@code jobs/bench-flac.sh}.
 *
 * <p>Each repetition times every decoder once, in turn, and the median over repetitions is
 * reported. Every timing includes reading the file: {@code flac -d} has to, so the Java decoders do
 * too. {@code flac -d} runs as a process writing raw samples to a discarded pipe; its time includes
 * process start (a few ms), which the report prints separately as the time of {@code flac
 * --version}. {@code flac -d} always checks the MD5 signature, so our decoder is timed with and
 * without that check.
 *
 * <p>Arguments: {@code FILE.flac [repetitions=15] [warm-ups=5]}.
 */
public final class FlacDecodeBenchmark {
    private FlacDecodeBenchmark() {}

    /** A decoder under test: decodes the file and returns the samples per channel decoded. */
    private interface Decoder {
        long decode(Path file) throws IOException;
    }

    private static void usage(String problem) {
        System.err.println(
                "bench-flac: "
                        + problem
                        + "; usage: jobs/bench-flac.sh [FILE.flac] [repetitions] [warm-ups] (see"
                        + " --help)");
        System.exit(2);
    }

    /**
     * Runs the benchmark and prints one line per decoder and the speed ratios.
     *
     * @param args the FLAC file, then optionally repetitions and warm-up rounds
     * @throws Exception when a decoder fails or the decoders disagree
     */
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int repetitions = 0;
        int warmUps = 0;
        try {
            repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 15;
            warmUps = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        } catch (NumberFormatException e) {
            usage("repetitions and warm-ups are numbers: " + e.getMessage());
        }
        if (!Files.isRegularFile(file)) {
            usage("no file " + file);
        }
        if (repetitions < 1 || warmUps < 0) {
            usage("need repetitions >= 1 and warm-ups >= 0, got " + repetitions + ", " + warmUps);
        }
        checkAgreement(file);

        String[] names = {
            "flac -d (process)",
            "flac --version (process start)",
            "ours",
            "ours + MD5 check",
            "jflac 1.5.2"
        };
        Decoder[] decoders = {
            FlacDecodeBenchmark::referenceDecode,
            FlacDecodeBenchmark::processStart,
            f -> ours(f, false),
            f -> ours(f, true),
            FlacDecodeBenchmark::jflac
        };
        long[][] nanos = new long[decoders.length][repetitions];
        long samples = 0;
        for (int round = -warmUps; round < repetitions; round++) {
            for (int d = 0; d < decoders.length; d++) {
                long start = System.nanoTime();
                long decoded = decoders[d].decode(file);
                long elapsed = System.nanoTime() - start;
                if (d == 2) {
                    samples = decoded;
                }
                if (round >= 0) {
                    nanos[d][round] = elapsed;
                }
            }
        }
        report(file, samples, names, nanos, repetitions, warmUps);
    }

    private static void report(
            Path file, long samples, String[] names, long[][] nanos, int repetitions, int warmUps)
            throws IOException {
        FlacStreamInfo info;
        try (var in = Files.newInputStream(file)) {
            info = FlacDecoder.readStreamInfo(in, file.toString());
        }
        System.out.printf(
                Locale.ROOT,
                "file %s: %d bytes, %.1f s, %d Hz, %d ch, %d bit;"
                        + " %d repetitions after %d warm-ups; %d CPUs; java %s%n",
                file,
                Files.size(file),
                info.durationSeconds(),
                info.sampleRate(),
                info.channels(),
                info.bitsPerSample(),
                repetitions,
                warmUps,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        double[] medians = new double[names.length];
        for (int d = 0; d < names.length; d++) {
            long[] sorted = nanos[d].clone();
            Arrays.sort(sorted);
            medians[d] = sorted[sorted.length / 2] / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "%-32s median %8.2f ms  min %8.2f ms  max %8.2f ms  %8.1f Msamples/s  %7.0fx"
                            + " realtime%n",
                    names[d],
                    medians[d] * 1e3,
                    sorted[0] / 1e6,
                    sorted[sorted.length - 1] / 1e6,
                    samples / medians[d] / 1e6,
                    info.durationSeconds() / medians[d]);
        }
        double flac = medians[0];
        System.out.printf(
                Locale.ROOT, "speed ratio ours/flac -d:          %.2f%n", flac / medians[2]);
        System.out.printf(
                Locale.ROOT, "speed ratio ours+MD5/flac -d:      %.2f%n", flac / medians[3]);
        System.out.printf(
                Locale.ROOT, "speed ratio jflac/flac -d:         %.2f%n", flac / medians[4]);
        System.out.printf(
                Locale.ROOT, "speed ratio ours/jflac:            %.2f%n", medians[4] / medians[2]);
    }

    /** All three decoders must produce the same samples, or their speeds mean nothing. */
    private static void checkAgreement(Path file) throws IOException {
        PcmAudio ours = FlacDecoder.decode(Files.readAllBytes(file), file.toString(), true);
        byte[] oursRaw = RawPcm.interleave(ours.samples(), ours.bitsPerSample());
        Path raw = Files.createTempFile("bench", ".raw");
        try {
            ReferenceTools.flacDecodeToRaw(file, raw);
            if (!Arrays.equals(oursRaw, Files.readAllBytes(raw))) {
                throw new IllegalStateException("our decoder and flac -d disagree on " + file);
            }
        } finally {
            Files.delete(raw);
        }
        byte[] jflacRaw = jflacBytes(Files.readAllBytes(file));
        if (!Arrays.equals(oursRaw, jflacRaw)) {
            throw new IllegalStateException("our decoder and jflac disagree on " + file);
        }
    }

    private static long referenceDecode(Path file) throws IOException {
        runDiscardingOutput(
                List.of(
                        "flac",
                        "-s",
                        "-d",
                        "-c",
                        "--force-raw-format",
                        "--endian=little",
                        "--sign=signed",
                        file.toString()));
        return 0;
    }

    private static long processStart(Path file) throws IOException {
        runDiscardingOutput(List.of("flac", "--version"));
        return 0;
    }

    private static void runDiscardingOutput(List<String> command) throws IOException {
        Process process =
                new ProcessBuilder(new ArrayList<>(command))
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
        try {
            int exit = process.waitFor();
            if (exit != 0) {
                throw new IOException(command + " exited " + exit);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static long ours(Path file, boolean verifyMd5) throws IOException {
        return FlacDecoder.decode(Files.readAllBytes(file), file.toString(), verifyMd5).frames();
    }

    private static long jflac(Path file) throws IOException {
        return jflacBytes(Files.readAllBytes(file)).length;
    }

    /** jflac hands out interleaved little-endian bytes per frame; collect them all. */
    static byte[] jflacBytes(byte[] flac) throws IOException {
        FLACDecoder decoder = new FLACDecoder(new ByteArrayInputStream(flac));
        var out = new java.io.ByteArrayOutputStream(flac.length * 2);
        decoder.addPCMProcessor(
                new PCMProcessor() {
                    @Override
                    public void processStreamInfo(StreamInfo streamInfo) {}

                    @Override
                    public void processPCM(ByteData pcm) {
                        out.write(pcm.getData(), 0, pcm.getLen());
                    }
                });
        decoder.decode();
        return out.toByteArray();
    }
}
