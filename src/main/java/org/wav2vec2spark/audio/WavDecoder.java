package org.wav2vec2spark.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Decodes RIFF/WAVE files with integer PCM (8-bit unsigned, 16/24/32-bit signed) or 32/64-bit IEEE
 * float samples, plain or in a WAVE_FORMAT_EXTENSIBLE header, to float.
 *
 * <p>Integer samples are divided by 2^(bits-1) (8-bit ones are first centred on 128), so they match
 * {@link PcmAudio#toMonoFloat()} for the same samples in FLAC.
 */
public final class WavDecoder {
    private static final int FORMAT_PCM = 1;
    private static final int FORMAT_IEEE_FLOAT = 3;
    private static final int FORMAT_EXTENSIBLE = 0xFFFE;

    /** The 'data' size ffmpeg leaves when it cannot seek back to the header. */
    private static final long FFMPEG_UNKNOWN_SIZE = 0xFFFF_FFFFL;

    /** The 'data' size sox leaves when it cannot seek back to the header. */
    private static final long SOX_UNKNOWN_SIZE = 0x7FFF_F000L;

    private WavDecoder() {}

    /** A caller's check of a file's format, made before its samples are read. */
    @FunctionalInterface
    public interface FormatCheck {
        /**
         * Refuses a format the caller cannot use.
         *
         * @param sampleRate samples per second and channel
         * @param channels the number of channels
         * @throws AudioFormatException naming the file, when the format is refused
         */
        void check(int sampleRate, int channels) throws AudioFormatException;
    }

    /** The parts of a "fmt " chunk this decoder uses. */
    private record Format(int code, int channels, int sampleRate, int blockAlign, int bits) {}

    /**
     * Decodes a whole WAV file.
     *
     * @param wavBytes the whole file
     * @param sourceName the file name used in error messages
     * @return the samples as float, one array per channel
     * @throws AudioFormatException when the file is not RIFF/WAVE, is truncated, lacks a "fmt " or
     *     "data" chunk, or uses an encoding other than the ones listed above
     */
    public static FloatAudio decode(byte[] wavBytes, String sourceName)
            throws AudioFormatException {
        return decode(wavBytes, sourceName, (sampleRate, channels) -> {});
    }

    /**
     * Decodes a whole WAV file once its format passes a check, so that a file the caller cannot use
     * is refused before its samples are converted.
     *
     * @param wavBytes the whole file
     * @param sourceName the file name used in error messages
     * @param formatCheck run on the "fmt " chunk's rate and channels before the samples are read
     * @return the samples as float, one array per channel
     * @throws AudioFormatException as {@link #decode(byte[], String)}, or from the check
     */
    public static FloatAudio decode(byte[] wavBytes, String sourceName, FormatCheck formatCheck)
            throws AudioFormatException {
        ByteBuffer in = ByteBuffer.wrap(wavBytes).order(ByteOrder.LITTLE_ENDIAN);
        if (wavBytes.length < 12
                || in.getInt(0) != fourCc("RIFF")
                || in.getInt(8) != fourCc("WAVE")) {
            throw new AudioFormatException(
                    sourceName
                            + ": not a WAV file: expected 'RIFF' at byte 0 and 'WAVE' at byte 8");
        }
        Format format = null;
        int at = 12;
        while ((long) at + 8 <= wavBytes.length) {
            int id = in.getInt(at);
            long size = Integer.toUnsignedLong(in.getInt(at + 4));
            int body = at + 8;
            if (id == fourCc("fmt ")) {
                format = readFormat(in, body, size, sourceName);
            } else if (id == fourCc("data")) {
                if (format == null) {
                    throw new AudioFormatException(
                            sourceName
                                    + ": 'data' chunk at byte "
                                    + at
                                    + " comes before any 'fmt ' chunk");
                }
                formatCheck.check(format.sampleRate(), format.channels());
                return readSamples(
                        in, body, streamedSize(size, in, body, format), format, sourceName);
            }
            at = (int) Math.min(Integer.MAX_VALUE, body + size + (size & 1));
        }
        throw new AudioFormatException(
                sourceName + ": no 'data' chunk before the end at byte " + wavBytes.length);
    }

    /**
     * A writer that cannot seek back to the header leaves the 'data' size at a placeholder: ffmpeg
     * writes 0xFFFFFFFF, sox 0x7FFFF000 (its {@code MS_UNSPEC}, less the header) rounded down to
     * whole sample frames, so 0x7FFFEFFF for 24-bit mono. The data then runs to the end of the
     * file, in whole sample frames, as libsndfile reads it. Any other size, and sox's value where
     * the file really is that long, is taken as declared.
     */
    private static long streamedSize(long declared, ByteBuffer in, int body, Format format) {
        long soxPlaceholder = SOX_UNKNOWN_SIZE - SOX_UNKNOWN_SIZE % format.blockAlign();
        boolean placeholder =
                declared == FFMPEG_UNKNOWN_SIZE
                        || declared == soxPlaceholder && body + declared > in.limit();
        if (!placeholder) {
            return declared;
        }
        long available = in.limit() - body;
        return available - available % format.blockAlign();
    }

    private static Format readFormat(ByteBuffer in, int body, long size, String sourceName)
            throws AudioFormatException {
        if (size < 16 || body + size > in.limit()) {
            throw new AudioFormatException(
                    sourceName
                            + ": 'fmt ' chunk at byte "
                            + (body - 8)
                            + " has "
                            + size
                            + " bytes: expected at least 16 within the file's "
                            + in.limit());
        }
        int code = in.getShort(body) & 0xFFFF;
        int channels = in.getShort(body + 2) & 0xFFFF;
        int sampleRate = in.getInt(body + 4);
        int blockAlign = in.getShort(body + 12) & 0xFFFF;
        int bits = in.getShort(body + 14) & 0xFFFF;
        if (code == FORMAT_EXTENSIBLE) {
            if (size < 40) {
                throw new AudioFormatException(
                        sourceName
                                + ": WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk has "
                                + size
                                + " bytes: expected 40");
            }
            // The sub-format GUID starts with the plain format code.
            code = in.getShort(body + 24) & 0xFFFF;
        }
        boolean supported =
                code == FORMAT_PCM && (bits == 8 || bits == 16 || bits == 24 || bits == 32)
                        || code == FORMAT_IEEE_FLOAT && (bits == 32 || bits == 64);
        if (!supported) {
            throw new AudioFormatException(
                    sourceName
                            + ": unsupported WAV encoding: format code "
                            + code
                            + " with "
                            + bits
                            + " bits (supported: PCM 8/16/24/32-bit, IEEE float 32/64-bit)");
        }
        if (channels == 0 || blockAlign != channels * bits / 8) {
            throw new AudioFormatException(
                    sourceName
                            + ": WAV block align "
                            + blockAlign
                            + " does not match "
                            + channels
                            + " channels of "
                            + bits
                            + " bits");
        }
        return new Format(code, channels, sampleRate, blockAlign, bits);
    }

    private static FloatAudio readSamples(
            ByteBuffer in, int body, long size, Format format, String sourceName)
            throws AudioFormatException {
        if (body + size > in.limit()) {
            throw new AudioFormatException(
                    sourceName
                            + ": truncated: 'data' chunk declares "
                            + size
                            + " bytes from byte "
                            + body
                            + ", but the file ends at byte "
                            + in.limit());
        }
        if (size % format.blockAlign() != 0) {
            throw new AudioFormatException(
                    sourceName
                            + ": 'data' chunk of "
                            + size
                            + " bytes is not a whole number of "
                            + format.blockAlign()
                            + "-byte sample frames");
        }
        int frames = (int) (size / format.blockAlign());
        int channels = format.channels();
        float[][] samples = new float[channels][frames];
        int bytesPerSample = format.bits() / 8;
        int at = body;
        for (int i = 0; i < frames; i++) {
            for (int c = 0; c < channels; c++) {
                float value = sample(in, at, format);
                if (!Float.isFinite(value)) {
                    // Only IEEE float data can hold these; caught here, the error names the file
                    // and byte instead of surfacing later as a normalisation or model failure.
                    throw new AudioFormatException(
                            sourceName
                                    + ": sample "
                                    + i
                                    + " of channel "
                                    + c
                                    + " at byte "
                                    + at
                                    + " is "
                                    + value
                                    + "; audio samples must be finite");
                }
                samples[c][i] = value;
                at += bytesPerSample;
            }
        }
        return new FloatAudio(format.sampleRate(), channels, samples);
    }

    private static float sample(ByteBuffer in, int at, Format format) {
        if (format.code() == FORMAT_IEEE_FLOAT) {
            // 64-bit: what scipy.io.wavfile.write makes of a NumPy float64 array.
            return format.bits() == 64 ? (float) in.getDouble(at) : in.getFloat(at);
        }
        return switch (format.bits()) {
            case 8 -> ((in.get(at) & 0xFF) - 128) / 128f;
            case 16 -> in.getShort(at) / 32768f;
            case 24 -> ((in.get(at) & 0xFF) | (in.getShort(at + 1) << 8)) / 8388608f;
            default -> (float) (in.getInt(at) / 2147483648.0);
        };
    }

    private static int fourCc(String id) {
        return (id.charAt(0)) | (id.charAt(1) << 8) | (id.charAt(2) << 16) | (id.charAt(3) << 24);
    }
}
