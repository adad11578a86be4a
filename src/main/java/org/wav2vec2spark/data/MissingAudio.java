package org.wav2vec2spark.data;

/**
 * The messages of a transcript line whose audio is missing, shared by the folder and archive
 * sources so that both forms of a corpus report it in the same words. Each names where it looked: a
 * folder the audio file, an archive the audio member.
 */
final class MissingAudio {

    private MissingAudio() {}

    /** The data folder holds no audio file for the line. */
    static String noFile(TranscriptLine line, String audioUri) {
        return transcriptLine(line) + " has no audio file " + audioUri;
    }

    /** The archive holds no audio member for the line. */
    static String noMember(TranscriptLine line, String memberUri) {
        return transcriptLine(line) + " has no audio member " + memberUri;
    }

    /** The archive broke before the line's audio member, so whether it holds one is unknown. */
    static String memberBeyondDamage(TranscriptLine line, String memberUri) {
        return transcriptLine(line)
                + ": audio member "
                + memberUri
                + LibriSpeechArchiveReader.BEYOND_DAMAGE;
    }

    private static String transcriptLine(TranscriptLine line) {
        return line.location() + ": transcript line for " + line.utteranceId();
    }
}
