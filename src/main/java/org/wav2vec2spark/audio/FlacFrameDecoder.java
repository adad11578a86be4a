package org.wav2vec2spark.audio;

import org.wav2vec2spark.audio.FlacBitReader.EndOfDataException;

import java.util.Locale;

/**
 * Decodes FLAC frames (header, subframes, stereo decorrelation, checksums) into planar int arrays.
 * One instance per stream; it is not thread-safe.
 */
final class FlacFrameDecoder {
    /** What a frame header says, plus where the frame starts. */
    record FrameHeader(
            int index,
            int startOffset,
            boolean variableBlockSize,
            long codedNumber,
            int blockSize,
            int channelAssignment) {}

    private static final int LEFT_SIDE = 8;
    private static final int SIDE_RIGHT = 9;
    private static final int MID_SIDE = 10;
    private static final int MAX_LPC_ORDER = 32;

    private final byte[] data;
    private final String sourceName;
    private final FlacStreamInfo info;
    private final FlacBitReader in;
    private final int[] coefficients = new int[MAX_LPC_ORDER];
    private FrameHeader current;

    FlacFrameDecoder(byte[] data, int firstFrameOffset, FlacStreamInfo info, String sourceName) {
        this.data = data;
        this.sourceName = sourceName;
        this.info = info;
        this.in = new FlacBitReader(data, firstFrameOffset);
    }

    boolean atEnd() {
        return in.atEnd();
    }

    int bytePosition() {
        return in.bytePosition();
    }

    /** Reads and checks the next frame header. */
    FrameHeader readHeader(int index) throws AudioFormatException, EndOfDataException {
        int start = in.bytePosition();
        int sync = in.readBits(16);
        if ((sync & 0xFFFE) != 0xFFF8) {
            throw new AudioFormatException(
                    String.format(
                            Locale.ROOT,
                            "%s: frame %d: expected frame sync code 0xFFF8 or 0xFFF9 at byte %d,"
                                    + " found 0x%04X",
                            sourceName,
                            index,
                            start,
                            sync));
        }
        boolean variable = (sync & 1) != 0;
        int blockSizeCode = in.readBits(4);
        int rateCode = in.readBits(4);
        int channelAssignment = in.readBits(4);
        int sizeCode = in.readBits(3);
        if (in.readBits(1) != 0) {
            throw frameError(index, start, "reserved bit in frame header byte 3 is set");
        }
        long number = readCodedNumber(index, start);
        int blockSize =
                switch (blockSizeCode) {
                    case 0 -> throw frameError(index, start, "reserved block size code 0");
                    case 1 -> 192;
                    case 2, 3, 4, 5 -> 576 << (blockSizeCode - 2);
                    case 6 -> in.readBits(8) + 1;
                    case 7 -> in.readBits(16) + 1;
                    default -> 256 << (blockSizeCode - 8);
                };
        // The frame's own rate is only parsed to find the header's end: the output rate is
        // STREAMINFO's, and libFLAC does not compare the two either.
        switch (rateCode) {
            case 12 -> in.readBits(8);
            case 13, 14 -> in.readBits(16);
            case 15 -> throw frameError(index, start, "invalid sample rate code 15");
            default -> {}
        }
        int headerEnd = in.bytePosition();
        int storedCrc8 = in.readBits(8);
        int computedCrc8 = FlacCrc.crc8(data, start, headerEnd);
        if (storedCrc8 != computedCrc8) {
            throw frameError(
                    index,
                    start,
                    String.format(
                            Locale.ROOT,
                            "bad header CRC-8: stored 0x%02X, computed 0x%02X over bytes %d..%d",
                            storedCrc8,
                            computedCrc8,
                            start,
                            headerEnd - 1));
        }
        checkChannels(index, start, channelAssignment);
        checkBitsPerSample(index, start, sizeCode);
        current = new FrameHeader(index, start, variable, number, blockSize, channelAssignment);
        return current;
    }

    /** Decodes the body of the frame whose header was just read into {@code out[*][offset..]}. */
    void readBody(int[][] out, int offset) throws AudioFormatException, EndOfDataException {
        FrameHeader header = current;
        int bits = info.bitsPerSample();
        int assignment = header.channelAssignment();
        for (int channel = 0; channel < out.length; channel++) {
            boolean side =
                    (assignment == LEFT_SIDE || assignment == MID_SIDE) && channel == 1
                            || assignment == SIDE_RIGHT && channel == 0;
            readSubframe(out[channel], offset, header.blockSize(), side ? bits + 1 : bits, channel);
        }
        in.alignToByte();
        int end = in.bytePosition();
        int storedCrc16 = in.readBits(16);
        int computedCrc16 = FlacCrc.crc16(data, header.startOffset(), end);
        if (storedCrc16 != computedCrc16) {
            throw frameError(
                    header.index(),
                    header.startOffset(),
                    String.format(
                            Locale.ROOT,
                            "bad frame CRC-16: stored 0x%04X, computed 0x%04X over bytes %d..%d",
                            storedCrc16,
                            computedCrc16,
                            header.startOffset(),
                            end - 1));
        }
        if (assignment >= LEFT_SIDE) {
            decorrelate(out[0], out[1], offset, offset + header.blockSize(), assignment);
        }
    }

    private void checkChannels(int index, int start, int assignment) throws AudioFormatException {
        if (assignment > MID_SIDE) {
            throw frameError(index, start, "reserved channel assignment " + assignment);
        }
        int channels = assignment < LEFT_SIDE ? assignment + 1 : 2;
        if (channels != info.channels()) {
            throw frameError(
                    index,
                    start,
                    "frame has " + channels + " channels, STREAMINFO declares " + info.channels());
        }
    }

    private void checkBitsPerSample(int index, int start, int sizeCode)
            throws AudioFormatException {
        int bits =
                switch (sizeCode) {
                    case 0 -> info.bitsPerSample();
                    case 1 -> 8;
                    case 2 -> 12;
                    case 4 -> 16;
                    case 5 -> 20;
                    case 6 -> 24;
                    case 7 -> 32;
                    default ->
                            throw frameError(index, start, "reserved sample size code " + sizeCode);
                };
        if (bits != info.bitsPerSample()) {
            throw frameError(
                    index,
                    start,
                    "frame has "
                            + bits
                            + " bits per sample, STREAMINFO declares "
                            + info.bitsPerSample());
        }
    }

    /** The frame or sample number, coded like UTF-8 extended to 36 bits. */
    private long readCodedNumber(int index, int start)
            throws AudioFormatException, EndOfDataException {
        int first = in.readBits(8);
        int extra;
        long value;
        if (first < 0x80) {
            return first;
        } else if (first >= 0xC0 && first < 0xE0) {
            extra = 1;
            value = first & 0x1F;
        } else if (first >= 0xE0 && first < 0xF0) {
            extra = 2;
            value = first & 0x0F;
        } else if (first >= 0xF0 && first < 0xF8) {
            extra = 3;
            value = first & 0x07;
        } else if (first >= 0xF8 && first < 0xFC) {
            extra = 4;
            value = first & 0x03;
        } else if (first >= 0xFC && first < 0xFE) {
            extra = 5;
            value = first & 0x01;
        } else if (first == 0xFE) {
            extra = 6;
            value = 0;
        } else {
            throw frameError(
                    index,
                    start,
                    String.format(Locale.ROOT, "invalid first byte 0x%02X of coded number", first));
        }
        for (int i = 0; i < extra; i++) {
            int next = in.readBits(8);
            if ((next & 0xC0) != 0x80) {
                throw frameError(
                        index,
                        start,
                        String.format(
                                Locale.ROOT,
                                "invalid continuation byte 0x%02X in coded number",
                                next));
            }
            value = (value << 6) | (next & 0x3F);
        }
        return value;
    }

    private void readSubframe(int[] out, int offset, int blockSize, int bits, int channel)
            throws AudioFormatException, EndOfDataException {
        FrameHeader header = current;
        int typeByte = in.readBits(8);
        if ((typeByte & 0x80) != 0) {
            throw frameError(
                    header.index(),
                    header.startOffset(),
                    "subframe of channel " + channel + " has its zero padding bit set");
        }
        int type = typeByte >>> 1;
        int wasted = 0;
        if ((typeByte & 1) != 0) {
            wasted = in.readUnary() + 1;
            if (wasted >= bits) {
                throw frameError(
                        header.index(),
                        header.startOffset(),
                        "subframe of channel "
                                + channel
                                + " declares "
                                + wasted
                                + " wasted bits of "
                                + bits);
            }
            bits -= wasted;
        }
        int end = offset + blockSize;
        int order = type >= 32 ? type - 31 : type >= 8 && type <= 12 ? type - 8 : 0;
        if (order > blockSize) {
            // Checked before the warm-up samples are stored: the frame's CRC-16 is only verified
            // after its body, so a flipped bit here would otherwise write past the block.
            throw frameError(
                    header.index(),
                    header.startOffset(),
                    "predictor order "
                            + order
                            + " exceeds the block size "
                            + blockSize
                            + " in channel "
                            + channel);
        }
        if (type == 0) {
            java.util.Arrays.fill(out, offset, end, in.readSignedBits(bits));
        } else if (type == 1) {
            for (int i = offset; i < end; i++) {
                out[i] = in.readSignedBits(bits);
            }
        } else if (type >= 8 && type <= 12) {
            readFixed(out, offset, blockSize, bits, type - 8, channel);
        } else if (type >= 32) {
            readLpc(out, offset, blockSize, bits, type - 31, channel);
        } else {
            throw frameError(
                    header.index(),
                    header.startOffset(),
                    "reserved subframe type " + type + " in channel " + channel);
        }
        if (wasted > 0) {
            for (int i = offset; i < end; i++) {
                out[i] <<= wasted;
            }
        }
    }

    private void readFixed(int[] out, int offset, int blockSize, int bits, int order, int channel)
            throws AudioFormatException, EndOfDataException {
        for (int i = 0; i < order; i++) {
            out[offset + i] = in.readSignedBits(bits);
        }
        readResidual(out, offset, blockSize, order, channel);
        LinearPrediction.restoreFixed(out, offset + order, offset + blockSize, order);
    }

    private void readLpc(int[] out, int offset, int blockSize, int bits, int order, int channel)
            throws AudioFormatException, EndOfDataException {
        FrameHeader header = current;
        for (int i = 0; i < order; i++) {
            out[offset + i] = in.readSignedBits(bits);
        }
        int precision = in.readBits(4) + 1;
        if (precision == 16) {
            throw frameError(
                    header.index(),
                    header.startOffset(),
                    "invalid LPC coefficient precision code 15 in channel " + channel);
        }
        int shift = in.readSignedBits(5);
        if (shift < 0) {
            throw frameError(
                    header.index(),
                    header.startOffset(),
                    "negative LPC shift " + shift + " in channel " + channel);
        }
        for (int i = 0; i < order; i++) {
            coefficients[i] = in.readSignedBits(precision);
        }
        readResidual(out, offset, blockSize, order, channel);
        LinearPrediction.restoreLpc(
                out,
                offset + order,
                offset + blockSize,
                coefficients,
                order,
                shift,
                bits,
                precision);
    }

    private void readResidual(int[] out, int offset, int blockSize, int order, int channel)
            throws AudioFormatException, EndOfDataException {
        FrameHeader header = current;
        int method = in.readBits(2);
        if (method > 1) {
            throw frameError(
                    header.index(),
                    header.startOffset(),
                    "reserved residual coding method " + method + " in channel " + channel);
        }
        int parameterBits = method == 0 ? 4 : 5;
        int escape = (1 << parameterBits) - 1;
        int partitionOrder = in.readBits(4);
        int partitionSize = blockSize >>> partitionOrder;
        if (partitionSize << partitionOrder != blockSize || partitionSize < order) {
            throw frameError(
                    header.index(),
                    header.startOffset(),
                    "partition order "
                            + partitionOrder
                            + " does not fit block size "
                            + blockSize
                            + " with predictor order "
                            + order
                            + " in channel "
                            + channel);
        }
        int position = offset + order;
        for (int partition = 0; partition < 1 << partitionOrder; partition++) {
            int end = offset + (partition + 1) * partitionSize;
            int parameter = in.readBits(parameterBits);
            if (parameter != escape) {
                in.readRice(out, position, end, parameter);
            } else {
                int rawBits = in.readBits(5);
                if (rawBits == 0) {
                    java.util.Arrays.fill(out, position, end, 0);
                } else {
                    for (int i = position; i < end; i++) {
                        out[i] = in.readSignedBits(rawBits);
                    }
                }
            }
            position = end;
        }
    }

    private static void decorrelate(int[] first, int[] second, int from, int to, int assignment) {
        switch (assignment) {
            case LEFT_SIDE -> {
                for (int i = from; i < to; i++) {
                    second[i] = first[i] - second[i];
                }
            }
            case SIDE_RIGHT -> {
                for (int i = from; i < to; i++) {
                    first[i] += second[i];
                }
            }
            default -> {
                for (int i = from; i < to; i++) {
                    int side = second[i];
                    // The encoder dropped mid's lowest bit, which equals side's.
                    int mid = (first[i] << 1) | (side & 1);
                    first[i] = (mid + side) >> 1;
                    second[i] = (mid - side) >> 1;
                }
            }
        }
    }

    private AudioFormatException frameError(int index, int start, String problem) {
        return new AudioFormatException(
                sourceName + ": frame " + index + " at byte " + start + ": " + problem);
    }
}
