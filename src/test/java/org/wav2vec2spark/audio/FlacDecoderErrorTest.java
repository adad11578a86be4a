package org.wav2vec2spark.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wav2vec2spark.audio.TestSignals.Kind;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Corrupt, truncated and unusual FLAC files: each error must name the file and say what was wrong
 * where; each accepted variation must decode to the same samples as the original.
 */
class FlacDecoderErrorTest {
    private static final String NAME = "speaker/chapter/utt.flac";

    /** Where STREAMINFO's fields sit in a file without ID3 tag: magic 4 + block header 4. */
    private static final int STREAMINFO_AT = 8;

    @TempDir Path dir;
    private byte[] file;
    private List<FlacFrameMap.Frame> frames;
    private int[][] signal;

    @BeforeEach
    void encode() throws IOException {
        signal = TestSignals.make(Kind.TONES_AND_NOISE, 1, 20000, 16);
        Path flac =
                ReferenceTools.flacEncode(
                        dir, "utt", signal, 16, 16000, List.of("-5", "--blocksize=4096"));
        file = Files.readAllBytes(flac);
        frames = FlacFrameMap.frames(flac);
    }

    @Test
    void rejectsWrongMagic() {
        byte[] ogg = file.clone();
        System.arraycopy(new byte[] {'O', 'g', 'g', 'S'}, 0, ogg, 0, 4);

        assertThatThrownBy(() -> FlacDecoder.decode(ogg, NAME))
                .isInstanceOf(AudioFormatException.class)
                .hasMessage(
                        NAME
                                + ": not a FLAC stream: expected magic 'fLaC' at byte 0, found"
                                + " 0x4f676753");
    }

    /** Cut points: inside the magic, inside STREAMINFO, inside a later metadata block. */
    @ParameterizedTest
    @ValueSource(ints = {2, 20, 50})
    void rejectsFileTruncatedInMetadata(int length) {
        byte[] cut = Arrays.copyOf(file, length);

        assertThatThrownBy(() -> FlacDecoder.decode(cut, NAME))
                .isInstanceOf(AudioFormatException.class)
                .hasMessageStartingWith(NAME + ": truncated");
    }

    @Test
    void rejectsFileTruncatedInsideFrame() {
        FlacFrameMap.Frame second = frames.get(1);
        byte[] cut = Arrays.copyOf(file, second.offset() + second.length() / 2);

        assertThatThrownBy(() -> FlacDecoder.decode(cut, NAME))
                .isInstanceOf(AudioFormatException.class)
                .hasMessage(
                        NAME
                                + ": truncated: data ends at byte "
                                + cut.length
                                + " inside frame 1 that starts at byte "
                                + second.offset());
    }

    @Test
    void rejectsFileTruncatedBetweenFrames() {
        FlacFrameMap.Frame third = frames.get(2);
        byte[] cut = Arrays.copyOf(file, third.offset());

        assertThatThrownBy(() -> FlacDecoder.decode(cut, NAME))
                .isInstanceOf(AudioFormatException.class)
                .hasMessage(
                        NAME
                                + ": truncated: STREAMINFO declares 20000 samples per channel, but"
                                + " the frames end after 8192 at byte "
                                + third.offset());
    }

    @Test
    void rejectsCorruptFrameCrc16() {
        FlacFrameMap.Frame second = frames.get(1);
        byte[] corrupt = file.clone();
        // The frame's last byte is part of its CRC-16, so flipping it cannot cause any other error.
        corrupt[second.offset() + second.length() - 1] ^= 0x01;

        assertThatThrownBy(() -> FlacDecoder.decode(corrupt, NAME))
                .isInstanceOf(AudioFormatException.class)
                .hasMessageStartingWith(
                        NAME
                                + ": frame 1 at byte "
                                + second.offset()
                                + ": bad frame CRC-16: stored 0x")
                .hasMessageEndingWith(
                        "over bytes "
                                + second.offset()
                                + ".."
                                + (second.offset() + second.length() - 3));
    }

    @Test
    void rejectsCorruptHeaderCrc8() {
        FlacFrameMap.Frame second = frames.get(1);
        byte[] corrupt = file.clone();
        // Header of frame 1: sync 2 bytes, codes 2 bytes, frame number 1 in one byte, then CRC-8
        // (block size 4096 and rate 16 kHz both have codes of their own, so no extra bytes).
        corrupt[second.offset() + 5] ^= 0x01;

        assertThatThrownBy(() -> FlacDecoder.decode(corrupt, NAME))
                .isInstanceOf(AudioFormatException.class)
                .hasMessageStartingWith(
                        NAME
                                + ": frame 1 at byte "
                                + second.offset()
                                + ": bad header CRC-8: stored 0x");
    }

    @Test
    void rejectsLostSync() {
        FlacFrameMap.Frame second = frames.get(1);
        byte[] corrupt = file.clone();
        corrupt[second.offset()] = 0x12;

        assertThatThrownBy(() -> FlacDecoder.decode(corrupt, NAME))
                .isInstanceOf(AudioFormatException.class)
                .hasMessage(
                        NAME
                                + ": frame 1: expected frame sync code 0xFFF8 or 0xFFF9 at byte "
                                + second.offset()
                                + ", found 0x12F8");
    }

    @Test
    void rejectsPredictorOrderLongerThanTheLastBlock() throws IOException {
        // 4096 + 5 samples: the last frame holds 5. Its header is sync 2 bytes, codes 2, frame
        // number 1, block size - 1 in one byte, CRC-8 1; at byte 7 the subframe header, here set
        // to LPC order 32 (type 0b111111), more warm-up samples than the block has.
        int[][] shortEnd = TestSignals.make(Kind.TONES_AND_NOISE, 1, 4101, 16);
        Path flac =
                ReferenceTools.flacEncode(
                        dir, "short-end", shortEnd, 16, 16000, List.of("-5", "--blocksize=4096"));
        FlacFrameMap.Frame last = FlacFrameMap.frames(flac).get(1);
        assertThat(last.blockSize()).isEqualTo(5);
        byte[] corrupt = Files.readAllBytes(flac);
        corrupt[last.offset() + 7] = (byte) (63 << 1);

        assertThatThrownBy(() -> FlacDecoder.decode(corrupt, NAME))
                .isInstanceOf(AudioFormatException.class)
                .hasMessage(
                        NAME
                                + ": frame 1 at byte "
                                + last.offset()
                                + ": predictor order 32 exceeds the block size 5 in channel 0");
    }

    @Test
    void checksMd5OnlyWhenAsked() throws AudioFormatException {
        byte[] corrupt = file.clone();
        corrupt[STREAMINFO_AT + 18] ^= 0x01;

        assertThat(FlacDecoder.decode(corrupt, NAME, false).samples()).isDeepEqualTo(signal);
        assertThatThrownBy(() -> FlacDecoder.decode(corrupt, NAME, true))
                .isInstanceOf(AudioFormatException.class)
                .hasMessageStartingWith(NAME + ": MD5 of decoded samples is ")
                .hasMessageContaining(", STREAMINFO declares ");
    }

    @Test
    void decodesStreamWithUnknownTotal() throws AudioFormatException {
        byte[] unknown = file.clone();
        // Total samples are the low 36 bits of STREAMINFO bytes 10..17.
        unknown[STREAMINFO_AT + 13] &= (byte) 0xF0;
        Arrays.fill(unknown, STREAMINFO_AT + 14, STREAMINFO_AT + 18, (byte) 0);

        assertThat(FlacDecoder.decode(unknown, NAME).samples()).isDeepEqualTo(signal);
    }

    @Test
    void decodesAStreamCutAtAFrameWithoutReencoding() throws AudioFormatException {
        // As ffmpeg -ss ... -c copy cuts: frames 2..4 under a STREAMINFO of unknown total, their
        // frame numbers kept. flac -d decodes such a stream; 4096-sample blocks.
        int[][] decoded = FlacDecoder.decode(cutAt(2, -1), NAME).samples();

        assertThat(decoded[0]).isEqualTo(Arrays.copyOfRange(signal[0], 2 * 4096, 20000));
    }

    @Test
    void rejectsALostFrameWhereverTheStreamStarts() {
        byte[] withoutFrame3 = cutAt(1, 3);
        byte[] wholeWithoutFrame1 = cutAt(0, 1);

        assertThatThrownBy(() -> FlacDecoder.decode(withoutFrame3, NAME))
                .isInstanceOf(AudioFormatException.class)
                .hasMessageEndingWith(
                        ": expected frame number 3, found 4 (the stream starts at number 1)");
        assertThatThrownBy(() -> FlacDecoder.decode(wholeWithoutFrame1, NAME))
                .isInstanceOf(AudioFormatException.class)
                .hasMessageEndingWith(": expected frame number 1, found 2");
    }

    @Test
    void aDeclaredLengthWithItsFirstFramesMissingSaysSo() {
        byte[] cut = cutAt(2, -1);
        // The whole file's total, 20000 samples, where frames 0 and 1 are gone.
        System.arraycopy(file, STREAMINFO_AT + 13, cut, STREAMINFO_AT + 13, 5);

        assertThatThrownBy(() -> FlacDecoder.decode(cut, NAME))
                .isInstanceOf(AudioFormatException.class)
                .hasMessageEndingWith(
                        "; the first frame is numbered 2, so frames before it are missing");
    }

    /**
     * The frames from {@code first} on, less frame {@code dropped} (none when negative), behind the
     * file's STREAMINFO alone with its total and MD5 unknown (zero), as a cut leaves them.
     */
    private byte[] cutAt(int first, int dropped) {
        java.io.ByteArrayOutputStream cut = new java.io.ByteArrayOutputStream();
        cut.writeBytes(new byte[] {'f', 'L', 'a', 'C', (byte) 0x80, 0, 0, 34});
        byte[] info = Arrays.copyOfRange(file, STREAMINFO_AT, STREAMINFO_AT + 34);
        info[13] &= (byte) 0xF0;
        Arrays.fill(info, 14, 34, (byte) 0);
        cut.writeBytes(info);
        for (int k = first; k < frames.size(); k++) {
            if (k != dropped) {
                FlacFrameMap.Frame frame = frames.get(k);
                cut.write(file, frame.offset(), frame.length());
            }
        }
        return cut.toByteArray();
    }

    @Test
    void rejectsAHugeDeclaredTotalWithoutAllocatingIt() {
        // STREAMINFO alone, declaring 8 channels of 2^31 - 1 samples: 32 GiB if taken at its word.
        byte[] header = Arrays.copyOf(file, STREAMINFO_AT + 34);
        header[4] |= (byte) 0x80; // the last metadata block
        header[STREAMINFO_AT + 12] = (byte) ((header[STREAMINFO_AT + 12] & 0xF1) | (7 << 1));
        header[STREAMINFO_AT + 13] &= (byte) 0xF0;
        header[STREAMINFO_AT + 14] = 0x7F;
        Arrays.fill(header, STREAMINFO_AT + 15, STREAMINFO_AT + 18, (byte) 0xFF);

        assertThatThrownBy(() -> FlacDecoder.decode(header, NAME))
                .isInstanceOf(AudioFormatException.class)
                .hasMessage(
                        NAME
                                + ": truncated: STREAMINFO declares 2147483647 samples per"
                                + " channel, but the frames end after 0 at byte 42");
    }

    @Test
    void decodesSilenceThatCompressesFarBelowAByteASample() throws IOException {
        // Constant subframes: a few bytes per 4096 samples, so the buffer grows as frames decode.
        int[][] silence = TestSignals.make(Kind.SILENCE, 2, 300_000, 16);
        byte[] flac =
                Files.readAllBytes(
                        ReferenceTools.flacEncode(
                                dir, "silence", silence, 16, 16000, List.of("-5")));
        assertThat(flac.length * 4L).isLessThan(300_000);

        assertThat(FlacDecoder.decode(flac, NAME).samples()).isDeepEqualTo(silence);
    }

    @Test
    void skipsId3v2Tag() throws IOException {
        // ID3v2.4 header with a syncsafe size of 200 = 0x01 0x48, then 200 bytes of tag body.
        byte[] tag = new byte[10 + 200];
        System.arraycopy(new byte[] {'I', 'D', '3', 4, 0, 0, 0, 0, 0x01, 0x48}, 0, tag, 0, 10);
        byte[] tagged = new byte[tag.length + file.length];
        System.arraycopy(tag, 0, tagged, 0, tag.length);
        System.arraycopy(file, 0, tagged, tag.length, file.length);

        assertThat(FlacDecoder.decode(tagged, NAME).samples()).isDeepEqualTo(signal);
        assertThat(
                        FlacDecoder.readStreamInfo(new ByteArrayInputStream(tagged), NAME)
                                .totalSamples())
                .isEqualTo(20000);
    }

    @Test
    void readsStreamInfoWithoutDecoding() throws IOException {
        FlacStreamInfo info =
                FlacDecoder.readStreamInfo(
                        new ByteArrayInputStream(Arrays.copyOf(file, STREAMINFO_AT + 34)), NAME);

        assertThat(info.sampleRate()).isEqualTo(16000);
        assertThat(info.channels()).isEqualTo(1);
        assertThat(info.bitsPerSample()).isEqualTo(16);
        assertThat(info.totalSamples()).isEqualTo(20000);
        assertThat(info.durationSeconds()).isEqualTo(1.25);
        assertThat(info.minBlockSize()).isEqualTo(4096);
        assertThat(info.maxBlockSize()).isEqualTo(4096);
        assertThat(info.hasMd5()).isTrue();
    }

    @Test
    void rejects32BitStreams() throws IOException {
        int[][] wide = TestSignals.make(Kind.TONES_AND_NOISE, 1, 1000, 32);
        Path flac = ReferenceTools.flacEncode(dir, "wide", wide, 32, 16000, List.of());

        assertThatThrownBy(() -> FlacDecoder.decode(Files.readAllBytes(flac), NAME))
                .isInstanceOf(AudioFormatException.class)
                .hasMessage(NAME + ": unsupported bits per sample 32: this decoder handles 4..24");
    }
}
