package org.wav2vec2spark.audio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wav2vec2spark.ExternalCommand;
import org.wav2vec2spark.audio.TestSignals.Kind;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;

/**
 * Variable block size streams. The reference encoder never writes them, so the test builds one:
 * consecutive pieces of a signal are encoded with different block sizes, and their frames are
 * re-muxed with the blocking-strategy bit set, sample numbers instead of frame numbers, and
 * recomputed CRCs. {@code flac -t} must accept the result (which checks both CRCs and the MD5)
 * before it serves as a reference.
 */
class FlacVariableBlockSizeTest {
    @TempDir Path dir;

    /** Piece lengths and block sizes chosen so short frames also occur mid-stream. */
    private static final int[] PIECE_FRAMES = {10000, 7000, 3000};

    private static final int[] PIECE_BLOCK_SIZES = {4096, 1152, 576};
    private static final String[] PIECE_LEVELS = {"-8", "-0", "-5"};

    @Test
    void decodesVariableBlockSizeStreamLikeReferenceDecoder() throws Exception {
        int frames = Arrays.stream(PIECE_FRAMES).sum();
        int[][] signal = TestSignals.make(Kind.TONES_AND_NOISE, 2, frames, 16);
        ByteArrayOutputStream muxedFrames = new ByteArrayOutputStream();
        int sampleNumber = 0;
        int minBlock = Integer.MAX_VALUE;
        int maxBlock = 0;
        for (int p = 0; p < PIECE_FRAMES.length; p++) {
            int[][] piece = slice(signal, sampleNumber, PIECE_FRAMES[p]);
            Path flac =
                    ReferenceTools.flacEncode(
                            dir,
                            "piece" + p,
                            piece,
                            16,
                            16000,
                            List.of(
                                    PIECE_LEVELS[p],
                                    "--blocksize=" + PIECE_BLOCK_SIZES[p],
                                    "--no-padding",
                                    "--no-seektable"));
            byte[] bytes = Files.readAllBytes(flac);
            for (FlacFrameMap.Frame frame : FlacFrameMap.frames(flac)) {
                muxedFrames.write(asVariableFrame(bytes, frame, sampleNumber));
                sampleNumber += frame.blockSize();
                minBlock = Math.min(minBlock, frame.blockSize());
                maxBlock = Math.max(maxBlock, frame.blockSize());
            }
        }
        Path muxed = dir.resolve("variable.flac");
        Files.write(
                muxed,
                concat(
                        streamHeader(minBlock, maxBlock, frames, md5(signal)),
                        muxedFrames.toByteArray()));

        ExternalCommand.run(List.of("flac", "-s", "-t", muxed.toString()));
        int[][] reference = ReferenceTools.flacDecode(muxed, 2, 16);
        assertThat(reference).isDeepEqualTo(signal);
        PcmAudio decoded = FlacDecoder.decode(Files.readAllBytes(muxed), muxed.toString(), true);
        FlacDecoderTest.assertSamplesEqual(decoded.samples(), reference);
    }

    /**
     * Rewrites a fixed-block-size frame header: sync 0xFFF9 (variable), the sample number coded in
     * place of the frame number, and fresh CRC-8 and CRC-16. The subframes are copied untouched.
     */
    private static byte[] asVariableFrame(byte[] file, FlacFrameMap.Frame frame, int sampleNumber) {
        int at = frame.offset();
        int blockSizeCode = (file[at + 2] & 0xFF) >>> 4;
        int rateCode = file[at + 2] & 0x0F;
        int numberLength = codedNumberLength(file[at + 4] & 0xFF);
        int extraBlockSize = blockSizeCode == 6 ? 1 : blockSizeCode == 7 ? 2 : 0;
        int extraRate = rateCode == 12 ? 1 : rateCode == 13 || rateCode == 14 ? 2 : 0;
        int oldHeaderLength = 4 + numberLength + extraBlockSize + extraRate;
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.write(0xFF);
        header.write(0xF9);
        header.write(file[at + 2]);
        header.write(file[at + 3]);
        header.writeBytes(codedNumber(sampleNumber));
        header.write(file, at + 4 + numberLength, extraBlockSize + extraRate);
        byte[] head = header.toByteArray();
        // The CRCs come from our FlacCrc; flac -t on the result checks them independently.
        byte[] out =
                concat(
                        head,
                        new byte[] {(byte) FlacCrc.crc8(head, 0, head.length)},
                        Arrays.copyOfRange(
                                file, at + oldHeaderLength + 1, at + frame.length() - 2));
        int crc16 = FlacCrc.crc16(out, 0, out.length);
        return concat(out, new byte[] {(byte) (crc16 >>> 8), (byte) crc16});
    }

    private static int codedNumberLength(int first) {
        return first < 0x80 ? 1 : Integer.numberOfLeadingZeros(~first << 24);
    }

    /** UTF-8-style coding: 7 bits in one byte, then 6 bits per continuation byte. */
    private static byte[] codedNumber(long value) {
        if (value < 0x80) {
            return new byte[] {(byte) value};
        }
        int length = 2;
        while (value >= 1L << (5 * length + 1)) {
            length++;
        }
        byte[] out = new byte[length];
        for (int i = length - 1; i > 0; i--) {
            out[i] = (byte) (0x80 | (value & 0x3F));
            value >>>= 6;
        }
        out[0] = (byte) ((0xFF00 >>> length) | value);
        return out;
    }

    private static byte[] streamHeader(int minBlock, int maxBlock, long total, byte[] md5) {
        byte[] b = new byte[4 + 4 + 34];
        System.arraycopy("fLaC".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, b, 0, 4);
        b[4] = (byte) 0x80; // last metadata block, type 0 (STREAMINFO)
        b[7] = 34;
        b[8] = (byte) (minBlock >>> 8);
        b[9] = (byte) minBlock;
        b[10] = (byte) (maxBlock >>> 8);
        b[11] = (byte) maxBlock;
        // Frame sizes 0: unknown. Then rate 16000, 2 channels, 16 bits, total samples.
        long packed = (16000L << 44) | (1L << 41) | (15L << 36) | total;
        for (int i = 0; i < 8; i++) {
            b[18 + i] = (byte) (packed >>> (56 - 8 * i));
        }
        System.arraycopy(md5, 0, b, 26, 16);
        return b;
    }

    private static byte[] md5(int[][] signal) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("MD5").digest(RawPcm.interleave(signal, 16));
    }

    private static int[][] slice(int[][] signal, int from, int length) {
        int[][] out = new int[signal.length][];
        for (int c = 0; c < signal.length; c++) {
            out[c] = Arrays.copyOfRange(signal[c], from, from + length);
        }
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
