package org.wav2vec2spark.audio;

import org.wav2vec2spark.ExternalCommand;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Runs our decoder and jflac 1.5.2 over the same encodings as {@link FlacDecoderTest} and prints
 * which ones each decodes exactly like {@code flac -d}: the correctness half of the comparison that
 * chose our decoder. Run by {@code jobs/bench-flac.sh --survey}.
 */
public final class FlacCorrectnessSurvey {
    private FlacCorrectnessSurvey() {}

    /**
     * Prints one line per encoding that some decoder gets wrong, then the totals.
     *
     * @param args unused
     * @throws IOException when the reference tools or temporary files fail
     */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("flac-survey");
        int total = 0;
        int oursExact = 0;
        int jflacExact = 0;
        try {
            for (FlacDecoderTest.EncodingCase c : FlacDecoderTest.cases().toList()) {
                int[][] input = TestSignals.make(c.kind(), c.channels(), c.frames(), c.bits());
                Path flac =
                        ReferenceTools.flacEncode(
                                dir, "case", input, c.bits(), c.sampleRate(), c.options());
                byte[] reference =
                        RawPcm.interleave(
                                ReferenceTools.flacDecode(flac, c.channels(), c.bits()), c.bits());
                byte[] bytes = Files.readAllBytes(flac);
                String ours =
                        outcome(
                                () ->
                                        RawPcm.interleave(
                                                FlacDecoder.decode(bytes, c.name()).samples(),
                                                c.bits()),
                                reference);
                // jflac hands out 8-bit samples unsigned, as WAV stores them; undo that, not a bug.
                String jflac =
                        outcome(
                                () ->
                                        c.bits() == 8
                                                ? toSigned8(FlacDecodeBenchmark.jflacBytes(bytes))
                                                : FlacDecodeBenchmark.jflacBytes(bytes),
                                reference);
                total++;
                oursExact += ours.equals("exact") ? 1 : 0;
                jflacExact += jflac.equals("exact") ? 1 : 0;
                if (!ours.equals("exact") || !jflac.equals("exact")) {
                    System.out.printf("%-36s ours: %-40s jflac: %s%n", c.name(), ours, jflac);
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        System.out.printf(
                "encodings: %d; exact like flac -d: ours %d, jflac %d%n",
                total, oursExact, jflacExact);
        surveyCorruption();
    }

    /** What each decoder does with a corrupt or truncated file: it should refuse it. */
    private static void surveyCorruption() throws IOException {
        Path dir = Files.createTempDirectory("flac-corrupt");
        int[][] signal = TestSignals.make(TestSignals.Kind.TONES_AND_NOISE, 1, 20000, 16);
        Path flac =
                ReferenceTools.flacEncode(
                        dir, "utt", signal, 16, 16000, java.util.List.of("--blocksize=4096"));
        byte[] file = Files.readAllBytes(flac);
        FlacFrameMap.Frame second = FlacFrameMap.frames(flac).get(1);
        byte[] badCrc = file.clone();
        badCrc[second.offset() + second.length() - 1] ^= 1;
        byte[] badResidual = file.clone();
        badResidual[second.offset() + second.length() / 2] ^= 0x10;
        byte[] truncated = Arrays.copyOf(file, second.offset() + second.length() / 2);
        byte[][] variants = {badCrc, badResidual, truncated};
        String[] names = {"CRC-16 byte flipped", "residual bit flipped", "truncated mid-frame"};
        for (int v = 0; v < variants.length; v++) {
            byte[] bytes = variants[v];
            String ours = refusal(() -> FlacDecoder.decode(bytes, "utt.flac").frames() * 2);
            String jflac = refusal(() -> FlacDecodeBenchmark.jflacBytes(bytes).length);
            System.out.printf(
                    "%-22s (flac -t exit %d)  ours: %s%n%-22s                   jflac: %s%n",
                    names[v], referenceExit(dir, bytes), ours, "", jflac);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static int referenceExit(Path dir, byte[] bytes) throws IOException {
        Path corrupt = dir.resolve("corrupt.flac");
        Files.write(corrupt, bytes);
        return ExternalCommand.exitCode(java.util.List.of("flac", "-s", "-t", corrupt.toString()));
    }

    private interface Count {
        long run() throws Exception;
    }

    private static String refusal(Count decode) {
        try {
            return "no error, returned " + decode.run() + " of 40000 bytes";
        } catch (Exception | Error e) {
            return "refused: " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    private static byte[] toSigned8(byte[] unsigned) {
        byte[] out = unsigned.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] ^= (byte) 0x80;
        }
        return out;
    }

    private interface Decode {
        byte[] run() throws Exception;
    }

    private static String outcome(Decode decode, byte[] reference) {
        try {
            byte[] actual = decode.run();
            if (Arrays.equals(actual, reference)) {
                return "exact";
            }
            return "differs (" + actual.length + " bytes vs " + reference.length + ")";
        } catch (Exception | Error e) {
            String message = String.valueOf(e.getMessage());
            return e.getClass().getSimpleName()
                    + ": "
                    + message.substring(0, Math.min(60, message.length()));
        }
    }
}
