package org.wav2vec2spark.data;

/**
 * The messages of an audio file that has no reference text, shared by the folder and archive
 * sources so that both forms of a corpus report a problem in the same words. Each names where it
 * looked: a folder the transcript file, an archive the transcript member.
 */
final class MissingReference {

    private MissingReference() {}

    /** Its chapter's transcript was read but has no line for the utterance. */
    static String noLine(String id, String transcriptUri) {
        return "no transcript line for " + id + " in " + transcriptUri;
    }

    /** Its chapter's transcript exists but could not be read. */
    static String unreadableTranscript(String id, String reason) {
        return noTranscript(id, "its transcript could not be read: " + reason);
    }

    /** The data folder holds no transcript file for its chapter. */
    static String noTranscriptFile(String id, String transcriptUri) {
        return noTranscript(id, "transcript file " + transcriptUri + " does not exist");
    }

    /** The archive holds no transcript member for its chapter. */
    static String noTranscriptMember(String id, String memberUri) {
        return noTranscript(id, "the archive has no transcript member " + memberUri);
    }

    /**
     * The archive broke before its chapter's transcript member, so whether it holds one is unknown.
     */
    static String transcriptMemberBeyondDamage(String id, String memberUri) {
        return noTranscript(
                id, "transcript member " + memberUri + LibriSpeechArchiveReader.BEYOND_DAMAGE);
    }

    private static String noTranscript(String id, String why) {
        return "no reference for " + id + ": " + why;
    }
}
