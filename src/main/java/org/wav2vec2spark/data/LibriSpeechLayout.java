package org.wav2vec2spark.data;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The LibriSpeech folder layout, {@code <split>/<speaker>/<chapter>/<speaker>-<chapter>-<utt>.flac}
 * with one {@code <speaker>-<chapter>.trans.txt} per chapter folder, as unpacked from OpenSLR's
 * test-clean.tar.gz and test-other.tar.gz.
 *
 * <p>Paths given to this class are relative to the data root (the folder that holds the split
 * folders) and use {@code /} as separator.
 */
public final class LibriSpeechLayout {

    /** The shape every path must follow; quoted in error messages. */
    public static final String AUDIO_PATTERN =
            "<split>/<speaker>/<chapter>/<speaker>-<chapter>-<utt>.flac";

    private static final Pattern AUDIO =
            Pattern.compile("([^/]+)/(\\d+)/(\\d+)/(\\d+)-(\\d+)-(\\d+)\\.flac");
    private static final Pattern TRANSCRIPT =
            Pattern.compile("([^/]+)/(\\d+)/(\\d+)/(\\d+)-(\\d+)\\.trans\\.txt");
    private static final Pattern UTTERANCE_ID = Pattern.compile("(\\d+)-(\\d+)-(\\d+)");
    private static final Pattern SPLIT_NAME =
            Pattern.compile("(dev|test|train)-(clean|other)(-\\d+)?");

    private LibriSpeechLayout() {}

    /** Whether a folder name is one of LibriSpeech's splits: test-clean, train-clean-100, ... */
    public static boolean isSplitName(String name) {
        return SPLIT_NAME.matcher(name).matches();
    }

    /** Whether a file name looks like audio this job reads (by extension). */
    public static boolean isAudioFile(String relativePath) {
        return relativePath.toLowerCase(Locale.ROOT).endsWith(".flac");
    }

    /** Whether a file name is a chapter transcript. */
    public static boolean isTranscriptFile(String relativePath) {
        return relativePath.endsWith(".trans.txt");
    }

    /**
     * Parses an audio path relative to the data root.
     *
     * @return the key, or empty when the path does not follow {@link #AUDIO_PATTERN} or its file
     *     name disagrees with its speaker and chapter folders
     */
    public static Optional<UtteranceKey> parseAudioPath(String relativePath) {
        Matcher m = AUDIO.matcher(relativePath);
        if (!m.matches() || !m.group(2).equals(m.group(4)) || !m.group(3).equals(m.group(5))) {
            return Optional.empty();
        }
        String id = m.group(4) + "-" + m.group(5) + "-" + m.group(6);
        return Optional.of(new UtteranceKey(m.group(1), m.group(2), m.group(3), id));
    }

    /**
     * Parses a transcript path relative to the data root.
     *
     * @return the chapter's key with an empty utterance id, or empty when the path does not follow
     *     {@code <split>/<speaker>/<chapter>/<speaker>-<chapter>.trans.txt}
     */
    public static Optional<UtteranceKey> parseTranscriptPath(String relativePath) {
        Matcher m = TRANSCRIPT.matcher(relativePath);
        if (!m.matches() || !m.group(2).equals(m.group(4)) || !m.group(3).equals(m.group(5))) {
            return Optional.empty();
        }
        return Optional.of(new UtteranceKey(m.group(1), m.group(2), m.group(3), ""));
    }

    /** Whether an utterance id has the {@code <speaker>-<chapter>-<utt>} form of this chapter. */
    public static boolean belongsToChapter(String utteranceId, UtteranceKey chapter) {
        Matcher m = UTTERANCE_ID.matcher(utteranceId);
        return m.matches()
                && m.group(1).equals(chapter.speaker())
                && m.group(2).equals(chapter.chapter());
    }

    /** The audio path, relative to the data root, an utterance of this chapter should have. */
    public static String audioPathOf(UtteranceKey chapter, String utteranceId) {
        return chapter.split()
                + "/"
                + chapter.speaker()
                + "/"
                + chapter.chapter()
                + "/"
                + utteranceId
                + ".flac";
    }

    /** The transcript path, relative to the data root, of an utterance's chapter. */
    public static String transcriptPathOf(UtteranceKey key) {
        return key.split()
                + "/"
                + key.speaker()
                + "/"
                + key.chapter()
                + "/"
                + key.speaker()
                + "-"
                + key.chapter()
                + ".trans.txt";
    }
}
