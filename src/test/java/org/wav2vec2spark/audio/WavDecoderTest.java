package org.wav2vec2spark.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** WAV files written by sox, compared with sox's own conversion of the same file to float. */
class WavDecoderTest {
    @TempDir Path dir;

    /**
     * sox writes WAVE_FORMAT_EXTENSIBLE for more than two channels or more than 16 bits, so the
     * table covers both header kinds.
     */
    @ParameterizedTest(name = "{0} {1}-bit, {2} ch")
    @CsvSource({
        "signed-integer, 16, 1", "signed-integer, 16, 2", "unsigned-integer, 8, 1",
        "signed-integer, 24, 2", "signed-integer, 32, 1", "floating-point, 32, 2",
        "signed-integer, 16, 6", "floating-point, 64, 1"
    })
    void decodesLikeSox(String encoding, int bits, int channels) throws IOException {
        Path wav = dir.resolve("tone.wav");
        ReferenceTools.soxGenerate(
                wav,
                "-r 16000 -e " + encoding + " -b " + bits + " -c " + channels,
                "synth 0.25 sine 300 sine 1234 sine 77 sine 2000 sine 5000 sine 440 vol 0.9");
        float[] reference = SoxFloat.read(wav, false);

        FloatAudio audio = WavDecoder.decode(Files.readAllBytes(wav), wav.toString());

        assertThat(audio.sampleRate()).isEqualTo(16000);
        assertThat(audio.channels()).isEqualTo(channels);
        assertThat(audio.frames()).isEqualTo(4000);
        // Exact up to 24 bits; sox rounds 32-bit integers to float its own way, and reads 64-bit
        // floats through its 32-bit integers, hence the margin.
        float tolerance = bits == 32 && encoding.startsWith("signed") || bits == 64 ? 1e-7f : 0f;
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < audio.frames(); i += 7) {
                assertThat(audio.samples()[c][i])
                        .as("channel %d sample %d", c, i)
                        .isCloseTo(reference[i * channels + c], within(tolerance));
            }
        }
    }

    @Test
    void rejectsTruncatedDataChunk() throws IOException {
        Path wav = dir.resolve("short.wav");
        ReferenceTools.soxGenerate(wav, "-r 16000 -b 16 -c 1", "synth 0.1 sine 440");
        byte[] bytes = Files.readAllBytes(wav);
        byte[] cut = Arrays.copyOf(bytes, bytes.length - 100);

        assertThatThrownBy(() -> WavDecoder.decode(cut, "short.wav"))
                .isInstanceOf(AudioFormatException.class)
                .hasMessage(
                        "short.wav: truncated: 'data' chunk declares 3200 bytes from byte 44, but"
                                + " the file ends at byte "
                                + cut.length);
    }

    @Test
    void readsAStreamedWavWhoseDataSizeIsThePlaceholder() throws IOException {
        // What a writer to a pipe leaves: RIFF and 'data' sizes at 0xFFFFFFFF.
        Path wav = dir.resolve("piped.wav");
        ReferenceTools.soxGenerate(wav, "-r 16000 -b 16 -c 1", "synth 0.1 sine 440");
        byte[] bytes = Files.readAllBytes(wav);
        FloatAudio expected = WavDecoder.decode(bytes, "piped.wav");
        java.nio.ByteBuffer header =
                java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        header.putInt(4, -1).putInt(indexOf(bytes, "data") + 4, -1);

        FloatAudio streamed = WavDecoder.decode(bytes, "piped.wav");

        assertThat(streamed.frames()).isEqualTo(1600);
        assertThat(streamed.samples()).isDeepEqualTo(expected.samples());
        // A size past the end that is not the placeholder is still truncation.
        header.putInt(indexOf(bytes, "data") + 4, 5000);
        assertThatThrownBy(() -> WavDecoder.decode(bytes, "piped.wav"))
                .hasMessageStartingWith("piped.wav: truncated: 'data' chunk declares 5000 bytes");
    }

    @ParameterizedTest(name = "{0} bits, {1} channel(s)")
    @CsvSource({"16, 1", "16, 2", "24, 1", "24, 2", "16, 3", "16, 6"})
    void readsAWavThatSoxWroteToAPipe(int bits, int channels) throws IOException {
        // sox leaves 0x7FFFF000 as the 'data' size when it cannot seek back, not 0xFFFFFFFF,
        // rounded down to whole frames: less than that where a frame's bytes are no power of two.
        Path piped = dir.resolve("sox-piped-" + bits + "-" + channels + ".wav");
        ReferenceTools.soxGenerateThroughPipe(
                piped, "-r 16000 -b " + bits + " -c " + channels, "synth 0.1 sine 440");
        byte[] bytes = Files.readAllBytes(piped);
        int dataSize = indexOf(bytes, "data") + 4;
        java.nio.ByteBuffer header =
                java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int frameBytes = bits / 8 * channels;
        assertThat(header.getInt(dataSize))
                .as("the size sox wrote")
                .isEqualTo(0x7FFF_F000 - 0x7FFF_F000 % frameBytes);

        FloatAudio streamed = WavDecoder.decode(bytes, "sox-piped.wav");

        assertThat(streamed.frames()).isEqualTo(1600);
        // The same file with the size sox would have written had it been able to seek back.
        header.putInt(dataSize, bytes.length - dataSize - 4);
        assertThat(streamed.samples())
                .isDeepEqualTo(WavDecoder.decode(bytes, "sox-piped.wav").samples());
    }

    @Test
    void rejectsNonFiniteFloatSamples() throws IOException {
        Path wav = dir.resolve("float.wav");
        ReferenceTools.soxGenerate(
                wav, "-r 16000 -e floating-point -b 32 -c 2", "synth 0.1 sine 440");
        byte[] bytes = Files.readAllBytes(wav);
        int data = indexOf(bytes, "data") + 8;
        // Frame 10, channel 1: two 4-byte samples a frame.
        int at = data + 10 * 8 + 4;
        java.nio.ByteBuffer.wrap(bytes)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putFloat(at, Float.NaN);

        assertThatThrownBy(() -> WavDecoder.decode(bytes, "float.wav"))
                .isInstanceOf(AudioFormatException.class)
                .hasMessage(
                        "float.wav: sample 10 of channel 1 at byte "
                                + at
                                + " is NaN; audio samples must be finite");
    }

    private static int indexOf(byte[] bytes, String chunkId) {
        byte[] id = chunkId.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 12; i + id.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + id.length, id, 0, id.length)) {
                return i;
            }
        }
        throw new AssertionError("no '" + chunkId + "' chunk");
    }

    @Test
    void rejectsUnsupportedEncoding() throws IOException {
        Path wav = dir.resolve("alaw.wav");
        ReferenceTools.soxGenerate(wav, "-r 16000 -e a-law -c 1", "synth 0.1 sine 440");

        assertThatThrownBy(() -> WavDecoder.decode(Files.readAllBytes(wav), "alaw.wav"))
                .isInstanceOf(AudioFormatException.class)
                .hasMessageStartingWith(
                        "alaw.wav: unsupported WAV encoding: format code 6 with 8 bits");
    }

    @Test
    void rejectsAChunkSizeRunningPastTheEnd() {
        // RIFF/WAVE, then an unknown chunk whose 32-bit size (2^31) runs past the end.
        java.nio.ByteBuffer wav =
                java.nio.ByteBuffer.allocate(12 + 8 + 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16);
        wav.put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        wav.put("LIST".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(0x8000_0000);
        byte[] bytes = wav.array();

        assertThatThrownBy(() -> WavDecoder.decode(bytes, "odd.wav"))
                .isInstanceOf(AudioFormatException.class)
                .hasMessage("odd.wav: no 'data' chunk before the end at byte 24");
    }
}
