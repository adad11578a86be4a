package org.wav2vec2spark.audio;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the reference command-line tools ({@code flac}, {@code sox}) for tests. A missing tool fails
 * the test with a message saying what to install, because a skipped comparison would prove nothing.
 */
final class ReferenceTools {
    private ReferenceTools() {}

    /** Runs a command, failing with its output when it exits non-zero; returns the exit code. */
    static void run(List<String> command) {
        int exit = runForExit(command);
        if (exit != 0) {
            throw new AssertionError("command failed with exit " + exit + ": " + command);
        }
    }

    /**
     * Generates audio with {@code sox -V1 -n <format> <out> <effects>}, both given as
     * space-separated words, e.g. {@code soxGenerate(wav, "-r 16000 -b 16 -c 1", "synth 0.1 sine
     * 440")}.
     */
    static void soxGenerate(Path out, String format, String effects) {
        List<String> command = new ArrayList<>(List.of("sox", "-V1", "-n"));
        command.addAll(List.of(format.split(" ")));
        command.add(out.toString());
        command.addAll(List.of(effects.split(" ")));
        run(command);
    }

    /** Runs a command and returns its exit code, printing its output when it fails. */
    static int runForExit(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output =
                    new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = process.waitFor();
            if (exit != 0) {
                System.err.println(String.join(" ", command) + " exited " + exit + ":\n" + output);
            }
            return exit;
        } catch (IOException e) {
            throw new AssertionError(
                    "cannot run '"
                            + command.get(0)
                            + "': install it (Debian package "
                            + command.get(0)
                            + ") and put it on PATH",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    /**
     * Encodes signed little-endian raw PCM with the reference encoder.
     *
     * @param options extra {@code flac} options such as {@code -8} or {@code --blocksize=1000}
     */
    static Path flacEncode(
            Path dir, String name, int[][] samples, int bits, int sampleRate, List<String> options)
            throws IOException {
        Path raw = dir.resolve(name + ".raw");
        Files.write(raw, RawPcm.interleave(samples, bits));
        Path flac = dir.resolve(name + ".flac");
        List<String> command =
                new ArrayList<>(
                        List.of(
                                "flac",
                                "-s",
                                "-f",
                                "--force-raw-format",
                                "--endian=little",
                                "--sign=signed",
                                "--channels=" + samples.length,
                                "--bps=" + bits,
                                "--sample-rate=" + sampleRate));
        command.addAll(options);
        command.addAll(List.of("-o", flac.toString(), raw.toString()));
        run(command);
        return flac;
    }

    /** Decodes with the reference decoder to signed little-endian raw PCM, planar ints. */
    static int[][] flacDecode(Path flac, int channels, int bits) throws IOException {
        Path raw = flac.resolveSibling(flac.getFileName() + ".decoded.raw");
        flacDecodeToRaw(flac, raw);
        return RawPcm.deinterleave(Files.readAllBytes(raw), channels, bits);
    }

    /** Decodes with the reference decoder to {@code raw}: signed little-endian PCM, interleaved. */
    static void flacDecodeToRaw(Path flac, Path raw) {
        run(
                List.of(
                        "flac",
                        "-s",
                        "-d",
                        "-f",
                        "--force-raw-format",
                        "--endian=little",
                        "--sign=signed",
                        "-o",
                        raw.toString(),
                        flac.toString()));
    }
}
