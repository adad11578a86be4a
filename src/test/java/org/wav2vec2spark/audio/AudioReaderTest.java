package org.wav2vec2spark.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wav2vec2spark.audio.TestSignals.Kind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Container detection, float conversion and down-mixing, checked against sox. */
class AudioReaderTest {
    @TempDir Path dir;

    @ParameterizedTest(name = "{0} channel(s)")
    @ValueSource(ints = {1, 2, 6})
    void readsFlacAsSoxConvertsIt(int channels) throws IOException {
        int[][] signal = TestSignals.make(Kind.TONES_AND_NOISE, channels, 8000, 16);
        Path flac = ReferenceTools.flacEncode(dir, "utt", signal, 16, 16000, List.of());
        float[] reference = SoxFloat.read(flac, true);

        float[] mono = AudioReader.readMono16k(Files.readAllBytes(flac), flac.toString());

        assertThat(mono).hasSize(8000);
        // Mono is x / 32768 on both sides, so exact. Sox averages channels in 32-bit integers,
        // which can round the last bit of a 6-channel mean differently from our double sum.
        float tolerance = channels == 1 ? 0f : 1e-7f;
        for (int i = 0; i < mono.length; i++) {
            assertThat(mono[i]).as("sample %d", i).isCloseTo(reference[i], within(tolerance));
        }
    }

    @Test
    void readsWavAsSoxConvertsIt() throws IOException {
        Path wav = dir.resolve("utt.wav");
        ReferenceTools.soxGenerate(wav, "-r 16000 -b 24 -c 2", "synth 0.2 sine 300 sine 700");
        float[] reference = SoxFloat.read(wav, true);

        float[] mono = AudioReader.readMono16k(Files.readAllBytes(wav), wav.toString());

        assertThat(mono).hasSize(3200);
        for (int i = 0; i < mono.length; i++) {
            assertThat(mono[i]).as("sample %d", i).isCloseTo(reference[i], within(1e-7f));
        }
    }

    @ParameterizedTest(name = "{0} channel(s)")
    @ValueSource(ints = {1, 2})
    void aFlacHeaderTellsTheLeastHeapItsDecodingTakes(int channels) throws IOException {
        int[][] signal = TestSignals.make(Kind.TONES_AND_NOISE, channels, 8000, 16);
        Path flac = ReferenceTools.flacEncode(dir, "heap" + channels, signal, 16, 16000, List.of());
        Path wav = dir.resolve("heap.wav");
        ReferenceTools.soxGenerate(wav, "-r 16000 -b 16 -c 1", "synth 0.5 sine 300");

        // The channels as int, and the mono float array made from them.
        assertThat(AudioReader.leastDecodingBytes(Files.readAllBytes(flac), flac.toString()))
                .isEqualTo((channels + 1) * 4L * 8000);
        assertThat(AudioReader.leastDecodingBytes(Files.readAllBytes(wav), wav.toString()))
                .isEqualTo(-1);
    }

    @Test
    void aFlacAtAnotherRateClaimsNoHeapSoThatItIsRefusedForItsRate() throws IOException {
        // However long, it is refused for its rate before its frames are decoded; a heap estimate
        // would have told the user to give executors more memory instead.
        int[][] signal = TestSignals.make(Kind.TONES_AND_NOISE, 2, 4800, 16);
        Path flac = ReferenceTools.flacEncode(dir, "dat", signal, 16, 48000, List.of());

        assertThat(AudioReader.leastDecodingBytes(Files.readAllBytes(flac), flac.toString()))
                .isEqualTo(-1);
    }

    @Test
    void rejectsOtherSampleRates() throws IOException {
        int[][] signal = TestSignals.make(Kind.TONES_AND_NOISE, 2, 4410, 16);
        Path flac = ReferenceTools.flacEncode(dir, "cd", signal, 16, 44100, List.of());

        assertThatThrownBy(() -> AudioReader.readMono16k(Files.readAllBytes(flac), "a/cd.flac"))
                .isInstanceOf(AudioFormatException.class)
                .hasMessage(
                        "a/cd.flac: sample rate 44100 Hz with 2 channel(s) is not supported:"
                                + " expected 16000 Hz (resample first, e.g. sox in.flac -r 16000"
                                + " out.flac)");
    }

    @Test
    void refusesAnotherRateBeforeDecodingTheFrames() throws IOException {
        // The frames are corrupt: only a check made on STREAMINFO, before decoding, names the rate.
        int[][] signal = TestSignals.make(Kind.TONES_AND_NOISE, 1, 44100, 16);
        Path flac = ReferenceTools.flacEncode(dir, "cd1", signal, 16, 44100, List.of());
        byte[] bytes = Files.readAllBytes(flac);
        Arrays.fill(bytes, bytes.length - 200, bytes.length, (byte) 0x55);

        assertThatThrownBy(() -> AudioReader.readMono16k(bytes, "a/cd1.flac"))
                .isInstanceOf(AudioFormatException.class)
                .hasMessageStartingWith("a/cd1.flac: sample rate 44100 Hz with 1 channel(s)");
    }

    @Test
    void refusesAWavOfAnotherRateBeforeReadingItsSamples() throws IOException {
        // The data chunk claims more bytes than the file holds: only a check made on the fmt
        // chunk, before the samples are read, names the rate.
        Path wav = dir.resolve("cd.wav");
        ReferenceTools.soxGenerate(wav, "-r 44100 -b 16 -c 2", "synth 0.1 sine 440");
        byte[] bytes = Arrays.copyOf(Files.readAllBytes(wav), 1000);

        assertThatThrownBy(() -> AudioReader.readMono16k(bytes, "a/cd.wav"))
                .isInstanceOf(AudioFormatException.class)
                .hasMessageStartingWith("a/cd.wav: sample rate 44100 Hz with 2 channel(s)");
    }

    @Test
    void rejectsEmptyFlac() throws IOException {
        Path flac = ReferenceTools.flacEncode(dir, "empty", new int[1][0], 16, 16000, List.of());

        assertThatThrownBy(() -> AudioReader.readMono16k(Files.readAllBytes(flac), "empty.flac"))
                .isInstanceOf(AudioFormatException.class)
                .hasMessage("empty.flac: no audio: 0 samples (1 channel(s) at 16000 Hz)");
    }

    @Test
    void rejectsEmptyWav() throws IOException {
        Path wav = dir.resolve("empty.wav");
        ReferenceTools.soxGenerate(wav, "-r 16000 -b 16 -c 1", "trim 0 0");

        assertThatThrownBy(() -> AudioReader.readMono16k(Files.readAllBytes(wav), "empty.wav"))
                .isInstanceOf(AudioFormatException.class)
                .hasMessage("empty.wav: no audio: 0 samples (1 channel(s) at 16000 Hz)");
    }

    @Test
    void rejectsUnknownFormatShowingFirstBytes() {
        byte[] mp3 = {'I', 'D', '4', 3, 0, 0, 0, 0, 0, 0x10, 0x7F, (byte) 0xFF, 1};

        assertThatThrownBy(() -> AudioReader.readMono16k(mp3, "x.mp3"))
                .isInstanceOf(AudioFormatException.class)
                .hasMessage(
                        "x.mp3: unknown audio format: expected FLAC ('fLaC') or WAV"
                                + " ('RIFF....WAVE'), found first bytes 0x494434030000000000107fff"
                                + " ('ID4.........')");
    }

    @Test
    void namesAnMp3ByItsFrameSyncAfterTheId3Tag() {
        // ID3v2.3 tag of 10 bytes (syncsafe size 0,0,0,10), then an MPEG-1 Layer III frame header.
        byte[] mp3 = new byte[24];
        System.arraycopy(new byte[] {'I', 'D', '3', 3, 0, 0, 0, 0, 0, 10}, 0, mp3, 0, 10);
        System.arraycopy(new byte[] {(byte) 0xFF, (byte) 0xFB, (byte) 0x90, 0x64}, 0, mp3, 20, 4);

        assertThatThrownBy(() -> AudioReader.readMono16k(mp3, "song.mp3"))
                .isInstanceOf(AudioFormatException.class)
                .hasMessage(
                        "song.mp3: not a FLAC stream: expected magic 'fLaC' at byte 20, found"
                                + " 0xfffb9064 (an MPEG audio frame: this looks like an MP3, which"
                                + " is not supported; convert it to 16 kHz FLAC, e.g. ffmpeg -i"
                                + " in.mp3 -ar 16000 -ac 1 out.flac)");
    }

    @Test
    void rejectsEmptyFile() {
        assertThatThrownBy(() -> AudioReader.readMono16k(new byte[0], "zero.flac"))
                .isInstanceOf(AudioFormatException.class)
                .hasMessageEndingWith("found first bytes none (the file is empty)");
    }
}
