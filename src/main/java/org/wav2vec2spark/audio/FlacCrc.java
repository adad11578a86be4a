package org.wav2vec2spark.audio;

/** The two checksums FLAC frames carry: CRC-8 over the header and CRC-16 over the whole frame. */
final class FlacCrc {
    private static final int[] CRC8_TABLE = table(0x07, 8);
    private static final int[] CRC16_TABLE = table(0x8005, 16);

    private FlacCrc() {}

    /** CRC-8, polynomial x^8+x^2+x+1, initial value 0, over {@code data[from, to)}. */
    static int crc8(byte[] data, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc = CRC8_TABLE[(crc ^ data[i]) & 0xFF];
        }
        return crc;
    }

    /** CRC-16, polynomial x^16+x^15+x^2+1, initial value 0, over {@code data[from, to)}. */
    static int crc16(byte[] data, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc = ((crc << 8) ^ CRC16_TABLE[((crc >>> 8) ^ data[i]) & 0xFF]) & 0xFFFF;
        }
        return crc;
    }

    private static int[] table(int polynomial, int width) {
        int topBit = 1 << (width - 1);
        int mask = (1 << width) - 1;
        int[] table = new int[256];
        for (int b = 0; b < 256; b++) {
            int crc = b << (width - 8);
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & topBit) != 0 ? (crc << 1) ^ polynomial : crc << 1;
            }
            table[b] = crc & mask;
        }
        return table;
    }
}
