package org.wav2vec2spark.audio;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;

/**
 * Reads the start of a FLAC file: an optional ID3v2 tag, the {@code fLaC} magic and the metadata
 * blocks, of which only STREAMINFO is interpreted.
 */
final class FlacMetadataReader {
    /** STREAMINFO and where the first frame starts. */
    record Header(FlacStreamInfo streamInfo, long firstFrameOffset) {}

    private static final int STREAMINFO_TYPE = 0;
    private static final int STREAMINFO_LENGTH = 34;
    private static final int INVALID_BLOCK_TYPE = 127;

    private final InputStream in;
    private final String sourceName;
    private long offset;

    private FlacMetadataReader(InputStream in, String sourceName) {
        this.in = in;
        this.sourceName = sourceName;
    }

    /** Reads magic and STREAMINFO only, leaving the stream just after STREAMINFO. */
    static FlacStreamInfo readStreamInfo(InputStream in, String sourceName) throws IOException {
        FlacMetadataReader reader = new FlacMetadataReader(in, sourceName);
        reader.readMagic();
        return reader.readStreamInfoBlock().streamInfo;
    }

    /** Reads magic and every metadata block, returning STREAMINFO and the first frame's offset. */
    static Header readHeader(InputStream in, String sourceName) throws IOException {
        FlacMetadataReader reader = new FlacMetadataReader(in, sourceName);
        reader.readMagic();
        StreamInfoBlock first = reader.readStreamInfoBlock();
        boolean last = first.last;
        while (!last) {
            long blockOffset = reader.offset;
            int blockHeader = reader.readInt(4, "metadata block header");
            last = (blockHeader >>> 31) != 0;
            int type = (blockHeader >>> 24) & 0x7F;
            if (type == INVALID_BLOCK_TYPE || type == STREAMINFO_TYPE) {
                throw reader.error(
                        "invalid metadata block type "
                                + type
                                + " at byte "
                                + blockOffset
                                + " (STREAMINFO may appear only first, 127 is forbidden)");
            }
            reader.skip(blockHeader & 0xFFFFFF, "metadata block of type " + type);
        }
        return new Header(first.streamInfo, reader.offset);
    }

    private record StreamInfoBlock(FlacStreamInfo streamInfo, boolean last) {}

    private void readMagic() throws IOException {
        byte[] magic = readBytes(4, "the fLaC magic");
        boolean tagged = magic[0] == 'I' && magic[1] == 'D' && magic[2] == '3';
        if (tagged) {
            skipId3v2(magic);
            magic = readBytes(4, "the fLaC magic after the ID3v2 tag");
        }
        if (magic[0] != 'f' || magic[1] != 'L' || magic[2] != 'a' || magic[3] != 'C') {
            throw error(
                    "not a FLAC stream: expected magic 'fLaC' at byte "
                            + (offset - 4)
                            + ", found 0x"
                            + HexFormat.of().formatHex(magic)
                            + (tagged && isMpegFrameSync(magic)
                                    ? " (an MPEG audio frame: this looks like an MP3, which is"
                                            + " not supported; convert it to 16 kHz FLAC, e.g."
                                            + " ffmpeg -i in.mp3 -ar 16000 -ac 1 out.flac)"
                                    : ""));
        }
    }

    /** MPEG audio frames start with 11 set bits: what follows an MP3's ID3v2 tag. */
    private static boolean isMpegFrameSync(byte[] bytes) {
        return (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xE0) == 0xE0;
    }

    private void skipId3v2(byte[] start) throws IOException {
        byte[] rest = readBytes(6, "the ID3v2 header");
        int flags = rest[1] & 0xFF;
        int size = 0;
        for (int i = 2; i < 6; i++) {
            if ((rest[i] & 0x80) != 0) {
                throw error(
                        "invalid ID3v2 tag size byte 0x"
                                + Integer.toHexString(rest[i] & 0xFF)
                                + " at byte "
                                + (offset - 6 + i)
                                + " (size bytes must be below 0x80)");
            }
            size = (size << 7) | rest[i];
        }
        boolean hasFooter = (flags & 0x10) != 0;
        skip(size + (hasFooter ? 10 : 0), "the ID3v2 tag (version 2." + start[3] + ")");
    }

    private StreamInfoBlock readStreamInfoBlock() throws IOException {
        long blockOffset = offset;
        int blockHeader = readInt(4, "the STREAMINFO block header");
        int type = (blockHeader >>> 24) & 0x7F;
        int length = blockHeader & 0xFFFFFF;
        if (type != STREAMINFO_TYPE || length != STREAMINFO_LENGTH) {
            throw error(
                    "expected STREAMINFO (type 0, 34 bytes) as first metadata block at byte "
                            + blockOffset
                            + ", found type "
                            + type
                            + " with "
                            + length
                            + " bytes");
        }
        byte[] b = readBytes(STREAMINFO_LENGTH, "STREAMINFO");
        int minBlock = u16(b, 0);
        int maxBlock = u16(b, 2);
        int minFrame = u24(b, 4);
        int maxFrame = u24(b, 7);
        // Bytes 10..17 pack rate (20 bits), channels-1 (3), bits-1 (5) and total samples (36).
        long packed = 0;
        for (int i = 10; i < 18; i++) {
            packed = (packed << 8) | (b[i] & 0xFF);
        }
        int sampleRate = (int) (packed >>> 44);
        int channels = (int) ((packed >>> 41) & 0x7) + 1;
        int bits = (int) ((packed >>> 36) & 0x1F) + 1;
        long total = packed & 0xFFFFFFFFFL;
        String md5 = HexFormat.of().formatHex(b, 18, 34);
        if (sampleRate == 0) {
            throw error("STREAMINFO at byte " + blockOffset + " declares sample rate 0");
        }
        if (minBlock < 16 || maxBlock < minBlock) {
            throw error(
                    "STREAMINFO at byte "
                            + blockOffset
                            + " declares block sizes "
                            + minBlock
                            + ".."
                            + maxBlock
                            + ": expected 16 <= min <= max");
        }
        if (bits < 4) {
            throw error(
                    "STREAMINFO at byte "
                            + blockOffset
                            + " declares "
                            + bits
                            + " bits per sample: expected 4..32");
        }
        FlacStreamInfo info =
                new FlacStreamInfo(
                        minBlock,
                        maxBlock,
                        minFrame,
                        maxFrame,
                        sampleRate,
                        channels,
                        bits,
                        total,
                        md5);
        return new StreamInfoBlock(info, (blockHeader >>> 31) != 0);
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    private static int u24(byte[] b, int at) {
        return ((b[at] & 0xFF) << 16) | ((b[at + 1] & 0xFF) << 8) | (b[at + 2] & 0xFF);
    }

    private int readInt(int count, String what) throws IOException {
        byte[] b = readBytes(count, what);
        int value = 0;
        for (byte x : b) {
            value = (value << 8) | (x & 0xFF);
        }
        return value;
    }

    private byte[] readBytes(int count, String what) throws IOException {
        byte[] b = in.readNBytes(count);
        if (b.length < count) {
            throw error(
                    "truncated at byte "
                            + (offset + b.length)
                            + " while reading "
                            + what
                            + ": expected "
                            + count
                            + " bytes, found "
                            + b.length);
        }
        offset += count;
        return b;
    }

    private void skip(long count, String what) throws IOException {
        try {
            in.skipNBytes(count);
        } catch (EOFException e) {
            throw new AudioFormatException(
                    sourceName
                            + ": truncated while skipping "
                            + what
                            + " of "
                            + count
                            + " bytes starting at byte "
                            + offset,
                    e);
        }
        offset += count;
    }

    private AudioFormatException error(String problem) {
        return new AudioFormatException(sourceName + ": " + problem);
    }
}
