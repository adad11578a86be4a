package org.wav2vec2spark.data;

/**
 * The messages of an audio file that has no reference text, shared by the folder and archive
 * sources so that both forms of a corpus report a problem in the same words.
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

    /** Its chapter's transcript is missing, for the reason given. */
    static String noTranscript(String id, String why) {
        return "no reference for " + id + ": " + why;
    }
}
