package org.wav2vec2spark.data;

/**
 * One recording's bytes as read on an executor, or why they could not be read.
 *
 * @param source the file the bytes came from (the archive, for a member)
 * @param member the archive member's path, or {@code null} for a plain file
 * @param bytes the encoded audio, or {@code null} when reading failed
 * @param error why reading failed, or {@code null}
 */
public record Recording(String source, String member, byte[] bytes, String error) {

    /** Where the recording is, for messages: the file, or {@code archive!member}. */
    public String name() {
        return member == null ? source : source + "!" + member;
    }
}
