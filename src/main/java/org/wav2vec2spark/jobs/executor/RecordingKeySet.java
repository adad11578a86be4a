package org.wav2vec2spark.jobs.executor;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * A set of recording keys ({@link TranscriptRows#key}) kept as 128-bit digests, 16 bytes a key: the
 * recordings earlier runs transcribed, which a resumed run passes over. As strings in a {@code
 * HashSet} they took about 188 bytes a key, so a few million done recordings outgrew a driver's
 * default heap, and the broadcast every executor's.
 *
 * <p>A key's digest is the first 128 bits of the SHA-256 of its UTF-8 bytes. Two of {@code n} keys
 * share one with a chance of about {@code n² / 2^129} (10^-23 for a hundred million), so a
 * recording is in practice never taken as done for another's digest. The digests are held sorted in
 * one array, looked up by binary search. Immutable, and safe to share between threads.
 */
public final class RecordingKeySet implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The set without keys. */
    public static final RecordingKeySet EMPTY = new RecordingKeySet(new long[0]);

    private static final ThreadLocal<MessageDigest> SHA_256 =
            ThreadLocal.withInitial(RecordingKeySet::sha256);

    /** Ranges of at most this many digests are sorted by insertion. */
    private static final int INSERTION_SORT_LIMIT = 16;

    /** The longest array a JVM allocates, in longs: two a key. */
    private static final int MAX_LONGS = Integer.MAX_VALUE - 8;

    /** Each digest's high then low 64 bits, sorted by (high, low), without repeats. */
    private final long[] digests;

    private RecordingKeySet(long[] digests) {
        this.digests = digests;
    }

    /** A set of these keys. */
    public static RecordingKeySet of(Iterable<String> keys) {
        Builder builder = new Builder();
        keys.forEach(builder::add);
        return builder.build();
    }

    /** Whether the set holds {@code key}. */
    public boolean contains(String key) {
        long[] digest = digest(key);
        int low = 0;
        int high = size() - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            int order = compare(digests, middle, digest[0], digest[1]);
            if (order < 0) {
                low = middle + 1;
            } else if (order > 0) {
                high = middle - 1;
            } else {
                return true;
            }
        }
        return false;
    }

    /** The number of keys (of distinct digests). */
    public int size() {
        return digests.length / 2;
    }

    /** Whether the set holds no key. */
    public boolean isEmpty() {
        return digests.length == 0;
    }

    /** Collects keys, and other sets' keys, into a {@link RecordingKeySet}. Not thread-safe. */
    public static final class Builder {
        private long[] digests = new long[64];
        private int length;

        /** Adds a key. */
        public Builder add(String key) {
            long[] digest = digest(key);
            room(2);
            digests[length++] = digest[0];
            digests[length++] = digest[1];
            return this;
        }

        /** Adds every key of {@code keys}. */
        public Builder addAll(RecordingKeySet keys) {
            room(keys.digests.length);
            System.arraycopy(keys.digests, 0, digests, length, keys.digests.length);
            length += keys.digests.length;
            return this;
        }

        /** The set of the keys added so far. */
        public RecordingKeySet build() {
            if (length == 0) {
                return EMPTY;
            }
            // Sorted where they are, so that a large set is copied once, to its exact size.
            sort(digests, 0, length / 2 - 1);
            length = withoutRepeats(digests, length);
            return new RecordingKeySet(Arrays.copyOf(digests, length));
        }

        private void room(int more) {
            long needed = (long) length + more;
            if (needed > digests.length) {
                if (needed > MAX_LONGS) {
                    throw new IllegalStateException(
                            "More than " + MAX_LONGS / 2 + " recording keys in one set");
                }
                digests =
                        Arrays.copyOf(
                                digests,
                                (int) Math.min(MAX_LONGS, Math.max(needed, 2L * digests.length)));
            }
        }
    }

    private static long[] digest(String key) {
        MessageDigest sha = SHA_256.get();
        byte[] hash = sha.digest(key.getBytes(StandardCharsets.UTF_8));
        return new long[] {bigEndianLong(hash, 0), bigEndianLong(hash, 8)};
    }

    private static long bigEndianLong(byte[] bytes, int offset) {
        long value = 0;
        for (int i = offset; i < offset + 8; i++) {
            value = (value << 8) | (bytes[i] & 0xFF);
        }
        return value;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JVM has no SHA-256, which every Java has", e);
        }
    }

    /** Compares the digest at pair index {@code i} with ({@code high}, {@code low}). */
    private static int compare(long[] digests, int i, long high, long low) {
        int order = Long.compare(digests[2 * i], high);
        return order != 0 ? order : Long.compare(digests[2 * i + 1], low);
    }

    /**
     * Sorts the digests at pair indexes {@code first} to {@code last}, both included: quicksort on
     * the middle digest (the digests are uniformly random), recursing into the smaller side.
     */
    private static void sort(long[] digests, int first, int last) {
        while (last - first + 1 > INSERTION_SORT_LIMIT) {
            int middle = (first + last) >>> 1;
            long pivotHigh = digests[2 * middle];
            long pivotLow = digests[2 * middle + 1];
            int i = first;
            int j = last;
            while (i <= j) {
                while (compare(digests, i, pivotHigh, pivotLow) < 0) {
                    i++;
                }
                while (compare(digests, j, pivotHigh, pivotLow) > 0) {
                    j--;
                }
                if (i <= j) {
                    swap(digests, i++, j--);
                }
            }
            if (j - first < last - i) {
                sort(digests, first, j);
                first = i;
            } else {
                sort(digests, i, last);
                last = j;
            }
        }
        for (int i = first + 1; i <= last; i++) {
            for (int j = i;
                    j > first && compare(digests, j, digests[2 * j - 2], digests[2 * j - 1]) < 0;
                    j--) {
                swap(digests, j, j - 1);
            }
        }
    }

    private static void swap(long[] digests, int i, int j) {
        long high = digests[2 * i];
        long low = digests[2 * i + 1];
        digests[2 * i] = digests[2 * j];
        digests[2 * i + 1] = digests[2 * j + 1];
        digests[2 * j] = high;
        digests[2 * j + 1] = low;
    }

    /**
     * Moves each digest but repeats to the front of the sorted {@code digests}.
     *
     * @param length how many longs of {@code digests} hold digests
     * @return how many longs hold them once repeats are left out
     */
    private static int withoutRepeats(long[] digests, int length) {
        int kept = 1;
        for (int i = 1; i < length / 2; i++) {
            if (compare(digests, kept - 1, digests[2 * i], digests[2 * i + 1]) != 0) {
                digests[2 * kept] = digests[2 * i];
                digests[2 * kept + 1] = digests[2 * i + 1];
                kept++;
            }
        }
        return 2 * kept;
    }
}
