package org.wav2vec2spark.audio;

import org.wav2vec2spark.audio.FlacBitReader.EndOfDataException;
import org.wav2vec2spark.audio.FlacFrameDecoder.FrameHeader;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Decodes a whole FLAC file held in memory to integer PCM, checking every frame's CRC-8 and CRC-16
 * and, on request, the STREAMINFO MD5 signature.
 *
 * <p>Supports everything the format allows up to 24 bits per sample: 1..8 channels with all stereo
 * decorrelation modes, fixed and variable block sizes, constant, verbatim, fixed and LPC subframes,
 * wasted bits, both Rice parameter widths and escaped partitions. Streams of 25..32 bits per sample
 * are rejected, because their side channel needs 33 bits and no speech corpus uses them.
 */
public final class FlacDecoder {
    /** The widest samples decoded; see the class comment. */
    public static final int MAX_BITS_PER_SAMPLE = 24;

    private FlacDecoder() {}

    /**
     * Decodes a FLAC file without checking the MD5 signature (frame CRCs are always checked).
     *
     * @param flacBytes the whole file, optionally starting with an ID3v2 tag
     * @param sourceName the file name used in error messages
     * @return the samples, one array per channel
     * @throws AudioFormatException when the data is not FLAC, is corrupt or truncated, or has more
     *     than {@link #MAX_BITS_PER_SAMPLE} bits per sample
     */
    public static PcmAudio decode(byte[] flacBytes, String sourceName) throws AudioFormatException {
        return decode(flacBytes, sourceName, false);
    }

    /**
     * Decodes a FLAC file.
     *
     * @param flacBytes the whole file, optionally starting with an ID3v2 tag
     * @param sourceName the file name used in error messages
     * @param verifyMd5 whether to compare the decoded samples with the STREAMINFO MD5 signature
     *     (when one is set); this costs an extra pass over the samples
     * @return the samples, one array per channel
     * @throws AudioFormatException when the data is not FLAC, is corrupt or truncated, fails the
     *     MD5 check, or has more than {@link #MAX_BITS_PER_SAMPLE} bits per sample
     */
    public static PcmAudio decode(byte[] flacBytes, String sourceName, boolean verifyMd5)
            throws AudioFormatException {
        FlacMetadataReader.Header header = readHeader(flacBytes, sourceName);
        FlacStreamInfo info = header.streamInfo();
        checkSupported(info, sourceName);
        int[][] samples =
                decodeFrames(flacBytes, (int) header.firstFrameOffset(), info, sourceName);
        PcmAudio audio =
                new PcmAudio(info.sampleRate(), info.channels(), info.bitsPerSample(), samples);
        if (verifyMd5 && info.hasMd5()) {
            FlacMd5.verify(audio, info.md5Hex(), sourceName);
        }
        return audio;
    }

    /**
     * Reads only the STREAMINFO block, for sizes and durations without decoding. The stream is left
     * just after STREAMINFO and is not closed.
     *
     * @param in the start of a FLAC file, optionally with an ID3v2 tag first
     * @param sourceName the file name used in error messages
     * @return the stream's parameters
     * @throws AudioFormatException when the start of the stream is not valid FLAC
     * @throws IOException when reading {@code in} fails
     */
    public static FlacStreamInfo readStreamInfo(InputStream in, String sourceName)
            throws IOException {
        return FlacMetadataReader.readStreamInfo(in, sourceName);
    }

    /**
     * Reads only the metadata of a FLAC file held in memory, for its rate and length before any
     * frame is decoded.
     *
     * @param flacBytes the whole file, optionally starting with an ID3v2 tag
     * @param sourceName the file name used in error messages
     * @return the stream's parameters
     * @throws AudioFormatException when the start of the file is not valid FLAC
     */
    public static FlacStreamInfo readStreamInfo(byte[] flacBytes, String sourceName)
            throws AudioFormatException {
        return readHeader(flacBytes, sourceName).streamInfo();
    }

    private static FlacMetadataReader.Header readHeader(byte[] bytes, String sourceName)
            throws AudioFormatException {
        try {
            return FlacMetadataReader.readHeader(new ByteArrayInputStream(bytes), sourceName);
        } catch (AudioFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new AudioFormatException(sourceName + ": cannot read FLAC metadata", e);
        }
    }

    private static void checkSupported(FlacStreamInfo info, String sourceName)
            throws AudioFormatException {
        if (info.bitsPerSample() > MAX_BITS_PER_SAMPLE) {
            throw new AudioFormatException(
                    sourceName
                            + ": unsupported bits per sample "
                            + info.bitsPerSample()
                            + ": this decoder handles 4.."
                            + MAX_BITS_PER_SAMPLE);
        }
        if (info.totalSamples() > Integer.MAX_VALUE) {
            throw new AudioFormatException(
                    sourceName
                            + ": "
                            + info.totalSamples()
                            + " samples per channel exceed the "
                            + Integer.MAX_VALUE
                            + " an array can hold");
        }
    }

    private static int[][] decodeFrames(
            byte[] bytes, int firstFrame, FlacStreamInfo info, String sourceName)
            throws AudioFormatException {
        long declared = info.totalSamples();
        boolean totalKnown = declared > 0;
        int initial = Math.max(info.maxBlockSize(), 1 << 16);
        // A corrupt STREAMINFO can declare 2^31 samples in a file of a few bytes, and allocating
        // that up front ends the JVM with an OutOfMemoryError. Start from what the bytes can
        // plausibly hold (speech takes about a byte per sample and channel; four samples a byte
        // leaves room for quiet audio) and grow towards the declared total as frames decode.
        long plausible = 4L * bytes.length / info.channels() + initial;
        int capacity = totalKnown ? (int) Math.min(declared, plausible) : initial;
        int[][] out = new int[info.channels()][capacity];
        FlacFrameDecoder frames = new FlacFrameDecoder(bytes, firstFrame, info, sourceName);
        int decoded = 0;
        int index = 0;
        long firstNumber = 0;
        // Frames past the declared total are not read: files may end in an ID3v1 tag or padding.
        while (!(totalKnown && decoded == declared) && !frames.atEnd()) {
            int start = frames.bytePosition();
            try {
                FrameHeader header = frames.readHeader(index);
                if (index == 0) {
                    firstNumber = header.codedNumber();
                }
                checkNumbering(header, firstNumber, decoded, sourceName);
                long needed = decoded + (long) header.blockSize();
                if (totalKnown && needed > declared) {
                    throw new AudioFormatException(
                            sourceName
                                    + ": frame "
                                    + index
                                    + " at byte "
                                    + start
                                    + " holds "
                                    + header.blockSize()
                                    + " samples, but STREAMINFO declares "
                                    + declared
                                    + " in all and "
                                    + decoded
                                    + " came before it");
                }
                if (needed > out[0].length) {
                    out =
                            grow(
                                    out,
                                    (int) needed,
                                    totalKnown ? (int) declared : Integer.MAX_VALUE - 8);
                }
                frames.readBody(out, decoded);
                decoded += header.blockSize();
                index++;
            } catch (EndOfDataException e) {
                throw new AudioFormatException(
                        sourceName
                                + ": truncated: data ends at byte "
                                + bytes.length
                                + " inside frame "
                                + index
                                + " that starts at byte "
                                + start,
                        e);
            }
        }
        if (totalKnown && decoded != declared) {
            throw new AudioFormatException(
                    sourceName
                            + ": truncated: STREAMINFO declares "
                            + declared
                            + " samples per channel, but the frames end after "
                            + decoded
                            + " at byte "
                            + bytes.length
                            + (firstNumber == 0
                                    ? ""
                                    : "; the first frame is numbered "
                                            + firstNumber
                                            + ", so frames before it are missing"));
        }
        if (out[0].length != decoded) {
            for (int c = 0; c < out.length; c++) {
                out[c] = Arrays.copyOf(out[c], decoded);
            }
        }
        return out;
    }

    /**
     * Lost or reordered frames would otherwise go unnoticed, as each frame's CRC is intact. The
     * numbers count on from the first frame's, as libFLAC reads them: a stream cut at a frame
     * without re-encoding ({@code ffmpeg -ss ... -c copy}) starts at that frame's number.
     */
    private static void checkNumbering(
            FrameHeader header, long firstNumber, int decoded, String sourceName)
            throws AudioFormatException {
        long expected = firstNumber + (header.variableBlockSize() ? decoded : header.index());
        if (header.codedNumber() != expected) {
            throw new AudioFormatException(
                    sourceName
                            + ": frame "
                            + header.index()
                            + " at byte "
                            + header.startOffset()
                            + ": expected "
                            + (header.variableBlockSize() ? "sample" : "frame")
                            + " number "
                            + expected
                            + ", found "
                            + header.codedNumber()
                            + (firstNumber == 0
                                    ? ""
                                    : " (the stream starts at number " + firstNumber + ")"));
        }
    }

    private static int[][] grow(int[][] out, int needed, int limit) {
        int capacity = Math.max(needed, (int) Math.min(limit, out[0].length * 2L));
        int[][] grown = new int[out.length][];
        for (int c = 0; c < out.length; c++) {
            grown[c] = Arrays.copyOf(out[c], capacity);
        }
        return grown;
    }
}
