package org.wav2vec2spark.audio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.wav2vec2spark.audio.TestSignals.Kind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Bit-exactness against the reference decoder: each case is encoded by {@code flac} with the given
 * options, decoded by {@code flac -d} and by {@link FlacDecoder}, and the two outputs must be equal
 * sample for sample (and equal to the input, since FLAC is lossless).
 */
class FlacDecoderTest {
    @TempDir Path dir;

    /** One encoding to check: signal, layout and the reference encoder's options. */
    record EncodingCase(
            String name,
            Kind kind,
            int channels,
            int bits,
            int sampleRate,
            int frames,
            List<String> options) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<EncodingCase> cases() {
        List<EncodingCase> cases = new ArrayList<>();
        // Every compression level, mono and stereo (levels 3+ try the stereo modes).
        for (int level = 0; level <= 8; level++) {
            for (int channels = 1; channels <= 2; channels++) {
                cases.add(
                        new EncodingCase(
                                "level " + level + ", " + channels + " ch",
                                Kind.TONES_AND_NOISE,
                                channels,
                                16,
                                16000,
                                20000,
                                List.of("-" + level)));
            }
        }
        // Block sizes, including the ones with explicit 8- and 16-bit size fields; the subset ends
        // at 4608.
        for (int blockSize :
                new int[] {16, 192, 576, 1000, 1152, 4096, 4608, 8192, 16384, 32768, 65535}) {
            List<String> options = new ArrayList<>(List.of("--blocksize=" + blockSize));
            if (blockSize > 4608 || blockSize < 192) {
                options.add("--lax");
            }
            cases.add(
                    new EncodingCase(
                            "block size " + blockSize,
                            Kind.TONES_AND_NOISE,
                            2,
                            16,
                            16000,
                            70000,
                            options));
        }
        for (int bits : new int[] {8, 16, 24}) {
            for (int channels : new int[] {1, 2, 3, 6, 8}) {
                cases.add(
                        new EncodingCase(
                                bits + "-bit, " + channels + " ch",
                                Kind.TONES_AND_NOISE,
                                channels,
                                bits,
                                16000,
                                9000,
                                List.of("-8")));
            }
            for (Kind kind : Kind.values()) {
                cases.add(
                        new EncodingCase(
                                bits + "-bit " + kind, kind, 2, bits, 16000, 9000, List.of("-5")));
            }
        }
        // Stereo coding modes and the encoder's search options.
        cases.add(
                new EncodingCase(
                        "independent stereo",
                        Kind.TONES_AND_NOISE,
                        2,
                        16,
                        16000,
                        20000,
                        List.of("-8", "--no-mid-side")));
        cases.add(
                new EncodingCase(
                        "adaptive mid-side",
                        Kind.TONES_AND_NOISE,
                        2,
                        16,
                        16000,
                        20000,
                        List.of("-2", "-M")));
        cases.add(
                new EncodingCase(
                        "exhaustive, lax order 32, 24-bit",
                        Kind.TONES_AND_NOISE,
                        2,
                        24,
                        16000,
                        12000,
                        List.of("-8", "--lax", "--max-lpc-order=32", "-e", "-p")));
        cases.add(
                new EncodingCase(
                        "lax order 32, 16-bit",
                        Kind.TONES_AND_NOISE,
                        1,
                        16,
                        16000,
                        12000,
                        List.of("--lax", "-l", "32", "-e", "--qlp-coeff-precision=15")));
        cases.add(
                new EncodingCase(
                        "rice partition order 8",
                        Kind.NOISE,
                        1,
                        16,
                        16000,
                        12000,
                        List.of("-8", "--rice-partition-order=8")));
        cases.add(
                new EncodingCase(
                        "24-bit noise escapes",
                        Kind.NOISE,
                        1,
                        24,
                        16000,
                        12000,
                        List.of("-8", "-e")));
        cases.add(
                new EncodingCase(
                        "apodization",
                        Kind.TONES_AND_NOISE,
                        1,
                        16,
                        16000,
                        12000,
                        List.of(
                                "-A",
                                "tukey(0.5);partial_tukey(2);punchout_tukey(3)",
                                "-l",
                                "12")));
        // Sample rates with standard codes and with 8-bit kHz, 16-bit Hz and 16-bit 10 Hz fields.
        for (int rate :
                new int[] {8000, 22050, 44100, 48000, 96000, 192000, 12000, 11025, 44110, 655350}) {
            cases.add(
                    new EncodingCase(
                            "rate " + rate,
                            Kind.TONES_AND_NOISE,
                            1,
                            16,
                            rate,
                            5000,
                            rate > 65535 ? List.of("--lax") : List.of()));
        }
        // Very short files: fewer samples than any predictor order.
        for (int frames = 1; frames <= 16; frames++) {
            cases.add(
                    new EncodingCase(
                            frames + " samples",
                            Kind.TONES_AND_NOISE,
                            2,
                            16,
                            16000,
                            frames,
                            List.of("-8")));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decodesLikeReferenceDecoder(EncodingCase c) throws IOException {
        int[][] input = TestSignals.make(c.kind(), c.channels(), c.frames(), c.bits());
        Path flac =
                ReferenceTools.flacEncode(
                        dir, "case", input, c.bits(), c.sampleRate(), c.options());
        int[][] reference = ReferenceTools.flacDecode(flac, c.channels(), c.bits());

        PcmAudio decoded = FlacDecoder.decode(Files.readAllBytes(flac), flac.toString(), true);

        assertThat(decoded.sampleRate()).isEqualTo(c.sampleRate());
        assertThat(decoded.channels()).isEqualTo(c.channels());
        assertThat(decoded.bitsPerSample()).isEqualTo(c.bits());
        assertThat(reference).as("flac -d round trip").isDeepEqualTo(input);
        assertSamplesEqual(decoded.samples(), reference);
    }

    /** Reports the first differing sample rather than dumping arrays of thousands. */
    static void assertSamplesEqual(int[][] actual, int[][] expected) {
        assertThat(actual.length).as("channels").isEqualTo(expected.length);
        for (int c = 0; c < expected.length; c++) {
            assertThat(actual[c].length)
                    .as("samples in channel %d", c)
                    .isEqualTo(expected[c].length);
            int channel = c;
            int firstDifference =
                    IntStream.range(0, expected[c].length)
                            .filter(i -> actual[channel][i] != expected[channel][i])
                            .findFirst()
                            .orElse(-1);
            assertThat(firstDifference)
                    .as(
                            "first differing sample in channel %d (%s)",
                            c,
                            firstDifference < 0
                                    ? ""
                                    : Arrays.toString(
                                            new int[] {
                                                actual[c][firstDifference],
                                                expected[c][firstDifference]
                                            }))
                    .isEqualTo(-1);
        }
    }
}
