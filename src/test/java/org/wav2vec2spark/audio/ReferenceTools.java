package org.wav2vec2spark.audio;

import org.wav2vec2spark.ExternalCommand;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference command-line tools ({@code flac}, {@code sox}) as the audio tests use them, run
 * through {@link ExternalCommand}.
 */
final class ReferenceTools {
    private ReferenceTools() {}

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
        ExternalCommand.run(command);
    }

    /**
     * Generates a WAV as {@link #soxGenerate} does, but written by sox to a pipe, so its header
     * keeps the sizes sox writes when it cannot seek back.
     */
    static void soxGenerateThroughPipe(Path out, String format, String effects) {
        String sox = "sox -V1 -n " + format + " -t wav - " + effects;
        ExternalCommand.run(List.of("sh", "-c", sox + " | cat > '" + out + "'"));
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
        ExternalCommand.run(command);
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
        ExternalCommand.run(
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
