package org.wav2vec2spark.audio;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Big-endian bit reader over a byte array, the hot path of FLAC decoding.
 *
 * <p>Unread bits sit left-aligned in a 64-bit cache that is refilled eight bytes at a time, so most
 * reads are a shift and a mask. Bits in the cache below {@code cacheBits} are always either zero or
 * the true next bits of the input, which is what lets a refill OR a whole word in.
 */
final class FlacBitReader {
    /** Thrown when a read needs bits past the end of the data; cheap, as it has no stack trace. */
    static final class EndOfDataException extends Exception {
        private static final long serialVersionUID = 1L;

        EndOfDataException() {
            super("end of data", null, false, false);
        }
    }

    private static final VarHandle LONG_BIG_ENDIAN =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final byte[] data;
    private final int limit;

    /** Index of the first byte not yet loaded into the cache. */
    private int position;

    private long cache;

    /** Number of valid bits in the cache, at most 63. */
    private int cacheBits;

    FlacBitReader(byte[] data, int offset) {
        this.data = data;
        this.limit = data.length;
        this.position = offset;
    }

    /** Offset of the next unread byte; only meaningful when the reader is byte-aligned. */
    int bytePosition() {
        return position - (cacheBits >>> 3);
    }

    /** True when every byte has been consumed. */
    boolean atEnd() {
        return cacheBits == 0 && position >= limit;
    }

    /** Skips the zero padding up to the next byte boundary. */
    void alignToByte() {
        int partial = cacheBits & 7;
        cache <<= partial;
        cacheBits -= partial;
    }

    /** Reads an unsigned value of 1..32 bits (32 bits come back as the int with the same bits). */
    int readBits(int count) throws EndOfDataException {
        if (cacheBits < count) {
            refill();
            if (cacheBits < count) {
                throw new EndOfDataException();
            }
        }
        int value = (int) (cache >>> (64 - count));
        cache <<= count;
        cacheBits -= count;
        return value;
    }

    /** Reads a two's-complement value of 1..32 bits. */
    int readSignedBits(int count) throws EndOfDataException {
        if (cacheBits < count) {
            refill();
            if (cacheBits < count) {
                throw new EndOfDataException();
            }
        }
        int value = (int) (cache >> (64 - count));
        cache <<= count;
        cacheBits -= count;
        return value;
    }

    /** Reads a run of zero bits ended by a one bit and returns the number of zeros. */
    int readUnary() throws EndOfDataException {
        int zeros = 0;
        while (true) {
            if (cacheBits == 0) {
                refill();
                if (cacheBits == 0) {
                    throw new EndOfDataException();
                }
            }
            int leading = Long.numberOfLeadingZeros(cache);
            if (leading < cacheBits) {
                cache <<= leading + 1;
                cacheBits -= leading + 1;
                return zeros + leading;
            }
            zeros += cacheBits;
            cache = 0;
            cacheBits = 0;
        }
    }

    /**
     * Reads Rice-coded residuals with parameter {@code k} (0..30) into {@code out[from, to)}.
     *
     * <p>State lives in locals inside the loop so the JIT keeps it in registers; a code word that
     * does not fit the cache falls back to the general readers.
     */
    void readRice(int[] out, int from, int to, int k) throws EndOfDataException {
        final byte[] bytes = data;
        long bits = cache;
        int available = cacheBits;
        int next = position;
        final int mask = (1 << k) - 1;
        for (int i = from; i < to; i++) {
            if (available < 32) {
                if (next + 8 <= limit) {
                    bits |= (long) LONG_BIG_ENDIAN.get(bytes, next) >>> available;
                    int taken = (63 - available) >>> 3;
                    next += taken;
                    available += taken << 3;
                } else {
                    cache = bits;
                    cacheBits = available;
                    position = next;
                    refill();
                    bits = cache;
                    available = cacheBits;
                    next = position;
                }
            }
            int quotient = Long.numberOfLeadingZeros(bits);
            int length = quotient + 1 + k;
            int folded;
            if (length <= available) {
                folded = (quotient << k) | ((int) (bits >>> (64 - length)) & mask);
                bits <<= length;
                available -= length;
            } else {
                cache = bits;
                cacheBits = available;
                position = next;
                int slowQuotient = readUnary();
                folded = k == 0 ? slowQuotient : (slowQuotient << k) | readBits(k);
                bits = cache;
                available = cacheBits;
                next = position;
            }
            out[i] = (folded >>> 1) ^ -(folded & 1);
        }
        cache = bits;
        cacheBits = available;
        position = next;
    }

    private void refill() {
        if (position + 8 <= limit) {
            cache |= (long) LONG_BIG_ENDIAN.get(data, position) >>> cacheBits;
            int taken = (63 - cacheBits) >>> 3;
            position += taken;
            cacheBits += taken << 3;
            return;
        }
        while (cacheBits <= 56 && position < limit) {
            cache |= (data[position++] & 0xFFL) << (56 - cacheBits);
            cacheBits += 8;
        }
    }
}
