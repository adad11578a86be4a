package org.wav2vec2spark.audio;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Turns the bytes of a FLAC or WAV file into the 16 kHz mono float samples the model takes.
 *
 * <p>The container is recognised by its magic bytes, not the file name. Several channels are
 * averaged into one, as librosa's and torchaudio's mono conversions do. Any rate other than 16000
 * Hz is rejected rather than resampled, because resampling would change the audio the reference WER
 * figures were measured on.
 */
public final class AudioReader {
    /** The only sample rate accepted, the one wav2vec2 models are trained on. */
    public static final int SAMPLE_RATE = 16_000;

    private static final int MAGIC_SHOWN = 12;

    private AudioReader() {}

    /**
     * Decodes a FLAC or WAV file to 16 kHz mono float in [-1, 1).
     *
     * @param bytes the whole file
     * @param sourceName the file name used in error messages
     * @return mono samples at {@link #SAMPLE_RATE}
     * @throws AudioFormatException when the container is unknown, the data is corrupt, the rate is
     *     not 16000 Hz, or there are no samples
     */
    public static float[] readMono16k(byte[] bytes, String sourceName) throws AudioFormatException {
        if (isFlac(bytes)) {
            // The rate is in STREAMINFO: a file at another rate is refused before its frames are
            // decoded (a long 44.1 kHz recording would otherwise be decoded whole first).
            FlacStreamInfo info = FlacDecoder.readStreamInfo(bytes, sourceName);
            checkRate(info.sampleRate(), info.channels(), sourceName);
            PcmAudio audio = FlacDecoder.decode(bytes, sourceName);
            checkUsable(audio.sampleRate(), audio.channels(), audio.frames(), sourceName);
            return audio.toMonoFloat();
        }
        if (startsWith(bytes, 0, "RIFF") && startsWith(bytes, 8, "WAVE")) {
            // As for FLAC, the rate is checked before the samples are converted.
            FloatAudio audio =
                    WavDecoder.decode(
                            bytes,
                            sourceName,
                            (sampleRate, channels) -> checkRate(sampleRate, channels, sourceName));
            checkUsable(audio.sampleRate(), audio.channels(), audio.frames(), sourceName);
            return audio.toMono();
        }
        throw new AudioFormatException(
                sourceName
                        + ": unknown audio format: expected FLAC ('fLaC')"
                        + " or WAV ('RIFF....WAVE'), found first bytes "
                        + describe(bytes));
    }

    /**
     * The 16 kHz samples per channel a FLAC file's STREAMINFO declares, read without decoding, so
     * that a recording too long to use can be refused before it is decoded whole.
     *
     * @param bytes the whole file
     * @param sourceName the file name used in error messages
     * @return the declared length, or -1 when the file is not FLAC, not at 16 kHz, does not say, or
     *     its header cannot be read (decoding then reports why)
     */
    public static long declaredSamples(byte[] bytes, String sourceName) {
        FlacStreamInfo info = readableFlacHeader(bytes, sourceName);
        return info != null && info.sampleRate() == SAMPLE_RATE && info.totalSamples() > 0
                ? info.totalSamples()
                : -1;
    }

    /**
     * The heap that {@link #readMono16k} takes at least to decode a FLAC file, from its STREAMINFO
     * alone: each channel's samples as {@code int}, and the mono {@code float} copy made from them.
     * A caller can refuse a recording that cannot fit before decoding fills the heap.
     *
     * @param bytes the whole file
     * @param sourceName the file name used in error messages
     * @return bytes, or -1 when the file is not FLAC, does not declare its length, is not 16 kHz
     *     audio, or its header cannot be read (decoding then reports why: a file at another rate is
     *     refused for its rate, before its frames are decoded, however long it is)
     */
    public static long leastDecodingBytes(byte[] bytes, String sourceName) {
        FlacStreamInfo info = readableFlacHeader(bytes, sourceName);
        return info != null && info.sampleRate() == SAMPLE_RATE && info.totalSamples() > 0
                ? (info.channels() + 1L) * Integer.BYTES * info.totalSamples()
                : -1;
    }

    /** A FLAC file's STREAMINFO, or null when the file is not FLAC or its header is unreadable. */
    private static FlacStreamInfo readableFlacHeader(byte[] bytes, String sourceName) {
        if (!isFlac(bytes)) {
            return null;
        }
        try {
            return FlacDecoder.readStreamInfo(bytes, sourceName);
        } catch (AudioFormatException e) {
            return null; // decoding reports why
        }
    }

    /** Whether a file starts as FLAC does: its magic, or an ID3v2 tag before it. */
    private static boolean isFlac(byte[] bytes) {
        return startsWith(bytes, 0, "fLaC") || startsWith(bytes, 0, "ID3");
    }

    private static void checkUsable(int sampleRate, int channels, int frames, String sourceName)
            throws AudioFormatException {
        checkRate(sampleRate, channels, sourceName);
        if (frames == 0) {
            throw new AudioFormatException(
                    sourceName
                            + ": no audio: 0 samples ("
                            + channels
                            + " channel(s) at "
                            + sampleRate
                            + " Hz)");
        }
    }

    private static void checkRate(int sampleRate, int channels, String sourceName)
            throws AudioFormatException {
        if (sampleRate != SAMPLE_RATE) {
            throw new AudioFormatException(
                    sourceName
                            + ": sample rate "
                            + sampleRate
                            + " Hz with "
                            + channels
                            + " channel(s) is not supported: expected "
                            + SAMPLE_RATE
                            + " Hz (resample first, e.g. sox in.flac -r 16000 out.flac)");
        }
    }

    private static boolean startsWith(byte[] bytes, int offset, String magic) {
        if (bytes.length < offset + magic.length()) {
            return false;
        }
        for (int i = 0; i < magic.length(); i++) {
            if (bytes[offset + i] != magic.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static String describe(byte[] bytes) {
        int shown = Math.min(MAGIC_SHOWN, bytes.length);
        if (shown == 0) {
            return "none (the file is empty)";
        }
        StringBuilder text = new StringBuilder();
        for (char c : new String(bytes, 0, shown, StandardCharsets.ISO_8859_1).toCharArray()) {
            text.append(c >= 0x20 && c < 0x7F ? c : '.');
        }
        return "0x" + HexFormat.of().formatHex(bytes, 0, shown) + " ('" + text + "')";
    }
}
