package org.wav2vec2spark.data;

import java.util.Locale;
import java.util.Optional;

/** What a listed input file is, judged by its name. */
public enum InputKind {
    /** One FLAC or WAV recording. */
    AUDIO,
    /** A tar archive of recordings, read as a stream. */
    TAR,
    /** A gzip-compressed tar archive, read as a stream; it cannot be split between tasks. */
    TAR_GZ;

    /**
     * The kind of a file by its extension (case-insensitive): {@code .flac}, {@code .wav}, {@code
     * .tar}, {@code .tar.gz} or {@code .tgz}.
     *
     * @param name a file name or path
     * @return the kind, or empty for any other extension
     */
    public static Optional<InputKind> of(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (isAudio(lower)) {
            return Optional.of(AUDIO);
        }
        if (lower.endsWith(".tar")) {
            return Optional.of(TAR);
        }
        if (lower.endsWith(".tar.gz") || lower.endsWith(".tgz")) {
            return Optional.of(TAR_GZ);
        }
        return Optional.empty();
    }

    /**
     * Whether a file or folder name is hidden from listings: it starts with {@code .} (dot files,
     * macOS's {@code ._name} resource forks) or {@code _} (Hadoop's {@code _SUCCESS}, {@code
     * _temporary}; macOS archives' {@code __MACOSX}).
     *
     * @param name one name, without folders
     */
    public static boolean isHiddenName(String name) {
        return name.startsWith(".") || name.startsWith("_");
    }

    /**
     * Whether any folder or file name along an archive member's path is hidden ({@link
     * #isHiddenName}), so archives skip what folder listings skip.
     *
     * @param member a member path such as {@code d/._a.flac}
     */
    public static boolean isHiddenMember(String member) {
        for (String part : member.split("/")) {
            if (isHiddenName(part) && !part.equals(".") && !part.equals("..")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a name has an audio extension this project decodes.
     *
     * @param name a file name, path or archive member
     * @return true for {@code .flac} and {@code .wav}, any case
     */
    public static boolean isAudio(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".flac") || lower.endsWith(".wav");
    }
}
