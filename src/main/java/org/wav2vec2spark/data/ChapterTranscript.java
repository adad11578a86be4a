package org.wav2vec2spark.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A chapter's transcript file with the ids of the chapter's listed audio files: what one executor
 * task needs to read the transcript and, when it cannot be read, to fail each of those utterances
 * by name.
 *
 * <p>Shipped as the elements of the transcript dataset, so each task carries only its own chapters'
 * ids. A map of every id captured by the task's closure would be deserialised by every task
 * instead: for LibriSpeech's 960 hours (about 280,000 utterances in 5,500 chapters) some 6 MB per
 * task.
 *
 * @param transcript the listed {@code .trans.txt} file
 * @param audioIds the utterance ids of the listed audio files of its split and chapter
 */
record ChapterTranscript(ListedFile transcript, List<String> audioIds) implements Serializable {

    /** Keeps an unmodifiable (and serialisable) copy of the ids. */
    ChapterTranscript {
        audioIds = List.copyOf(audioIds);
    }

    /**
     * Pairs each transcript file with the ids of its chapter's audio files.
     *
     * @param transcripts the listed transcript files, each in the LibriSpeech layout
     * @param audioFiles the listed audio files, each in the LibriSpeech layout
     * @return one entry per transcript, in the transcripts' order; audio files whose chapter has no
     *     transcript are in none
     */
    static List<ChapterTranscript> of(List<ListedFile> transcripts, List<ListedFile> audioFiles) {
        Map<String, List<String>> idsByTranscript = new HashMap<>();
        for (ListedFile file : audioFiles) {
            UtteranceKey key = LibriSpeechLayout.parseAudioPath(file.relativePath()).orElseThrow();
            idsByTranscript
                    .computeIfAbsent(
                            LibriSpeechLayout.transcriptPathOf(key), k -> new ArrayList<>())
                    .add(key.id());
        }
        List<ChapterTranscript> chapters = new ArrayList<>(transcripts.size());
        for (ListedFile transcript : transcripts) {
            chapters.add(
                    new ChapterTranscript(
                            transcript,
                            idsByTranscript.getOrDefault(transcript.relativePath(), List.of())));
        }
        return chapters;
    }
}
