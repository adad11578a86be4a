package org.wav2vec2spark.data;

import java.util.Arrays;

/**
 * The message of a FLAC or transcript whose path does not follow the LibriSpeech layout, shared by
 * the folder and archive sources so that both say it in the same words. Each quotes the shape its
 * paths are matched against: a folder's below the data root, an archive's below its {@code
 * LibriSpeech/} folder.
 */
final class LayoutViolation {

    private LayoutViolation() {}

    /** A file under the data root that is not where the layout puts audio or transcripts. */
    static String folderFile(String uri) {
        return message(uri, "");
    }

    /** An archive member that is not where the layout puts audio or transcripts. */
    static String archiveMember(String name) {
        return message(name, LibriSpeechArchiveReader.ROOT_FOLDER);
    }

    private static String message(String path, String rootFolder) {
        return path
                + " does not follow the LibriSpeech layout "
                + rootFolder
                + LibriSpeechLayout.AUDIO_PATTERN
                + " (or <speaker>-<chapter>.trans.txt)"
                // .FLAC is found as audio (any case), but the layout's names are exact.
                + (onlyTheExtensionsCase(path)
                        ? ": its extension must be .flac, in lower case"
                        : "");
    }

    /** Whether the path follows the layout but for the case of its {@code .flac}. */
    private static boolean onlyTheExtensionsCase(String path) {
        if (!LibriSpeechLayout.isAudioFile(path) || path.endsWith(".flac")) {
            return false;
        }
        String[] parts = (path.substring(0, path.length() - 5) + ".flac").split("/");
        if (parts.length < 4) {
            return false;
        }
        // The layout's four last names: split, speaker, chapter, file.
        String relative =
                String.join("/", Arrays.copyOfRange(parts, parts.length - 4, parts.length));
        return LibriSpeechLayout.parseAudioPath(relative).isPresent();
    }
}
