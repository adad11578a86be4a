package org.wav2vec2spark.data;

import org.apache.hadoop.conf.Configuration;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The utterances of one LibriSpeech tar or tar.gz archive as OpenSLR publishes it (members {@code
 * LibriSpeech/<split>/<speaker>/<chapter>/<speaker>-<chapter>-<utt>.flac} next to the chapter's
 * {@code .trans.txt}), audio joined with transcript lines by utterance id, read on an executor.
 *
 * <p>The archive is streamed twice. The first pass reads only the {@code .trans.txt} members
 * (skipping the audio unread, though a tar.gz is still decompressed) and keeps their lines; the
 * second yields the audio members one at a time, each with its bytes and reference. Memory is
 * therefore the archive's transcript text plus one member's bytes, whatever order the archive's
 * members are in; a single pass would have to hold every audio member that comes before its
 * chapter's transcript (in name order, the whole chapter). The price is decompressing the archive
 * twice, a few seconds per GB.
 *
 * <p>Failures follow {@link LibriSpeechSource}: audio with no transcript line, a transcript line
 * with no audio, a malformed line, an undecodable transcript and a member outside the layout each
 * become one utterance with an error. A damaged or truncated archive becomes one more such
 * utterance naming the archive and where it broke, and what was read before the damage is evaluated
 * as usual; an archive that cannot be opened (missing, not ours to read, not gzip) is one such
 * utterance. A failure of the file system while reading is not the archive's: it is thrown, as by
 * {@link TarRecordings}, so that the task fails and Spark runs it again.
 */
public final class LibriSpeechArchiveReader extends LookAheadIterator<Utterance>
        implements AutoCloseable {

    /** The folder OpenSLR's archives put the split folders in; paths below it are layout paths. */
    static final String ROOT_FOLDER = "LibriSpeech/";

    /**
     * Ends the message of a member that may exist after the point where the archive broke, so that
     * it is not reported as missing when it may only be unread.
     */
    static final String BEYOND_DAMAGE = " is not in the readable part of the damaged archive";

    private final InputFile archive;
    private final Set<String> splits;

    /** Valid transcript lines not yet joined, by {@link UtteranceKey#joinKey}. */
    private final Map<String, ChapterLine> lines = new LinkedHashMap<>();

    private final ArrayDeque<Utterance> pending = new ArrayDeque<>();

    /** Transcript members read in the first pass, by member name. */
    private final Set<String> transcriptMembers = new HashSet<>();

    /** Why a transcript member could not be read, by member name. */
    private final Map<String, String> unreadable = new HashMap<>();

    /** The audio member read for each join key, to name a second member of the same path. */
    private final Map<String, String> audioMembers = new HashMap<>();

    /** Whether the first pass met damage, so later transcript members were never seen. */
    private boolean transcriptsCutShort;

    /** Whether the second pass met damage, so later audio members were never seen. */
    private boolean audioCutShort;

    /** Splits whose transcripts the first pass met and passed over, as {@code --splits} asked. */
    private final Set<String> splitsPassedOver = new TreeSet<>();

    private TarRecordings audio;
    private String lastSplit = "";

    private LibriSpeechArchiveReader(InputFile archive, Set<String> splits) {
        this.archive = archive;
        this.splits = splits;
    }

    /**
     * Reads an archive's transcripts and opens it again for its audio.
     *
     * @param conf the Hadoop configuration
     * @param archive a {@code .tar}, {@code .tar.gz} or {@code .tgz} file
     * @param splits split folders to keep; empty keeps all
     * @return the archive's utterances, lazily; close it when done
     * @throws java.io.UncheckedIOException when the file system fails, now or while reading
     */
    public static LibriSpeechArchiveReader open(
            Configuration conf, InputFile archive, List<String> splits) {
        LibriSpeechArchiveReader reader = new LibriSpeechArchiveReader(archive, Set.copyOf(splits));
        try {
            reader.readTranscripts(conf);
            reader.audio =
                    TarRecordings.openMembers(
                            conf,
                            archive,
                            member ->
                                    LibriSpeechLayout.isAudioFile(member)
                                            && !InputKind.isHiddenMember(member)
                                            && reader.wanted(relative(member)));
        } catch (IOException e) {
            reader.lines.clear();
            reader.pending.clear();
            reader.pending.add(reader.damaged(archive.uri(), e.getMessage()));
        }
        return reader;
    }

    @Override
    protected Utterance computeNext() {
        while (true) {
            if (audio != null && audio.hasNext()) {
                return toUtterance(audio.next());
            } else if (audio != null) {
                audio.close();
                audio = null;
                lines.values().forEach(line -> pending.add(withoutAudio(line)));
                lines.clear();
            } else {
                return pending.poll();
            }
        }
    }

    @Override
    public void close() {
        if (audio != null) {
            audio.close();
            audio = null;
        }
    }

    /** First pass: every transcript line of the wanted splits, by utterance id. */
    private void readTranscripts(Configuration conf) throws IOException {
        try (TarRecordings transcripts =
                TarRecordings.openMembers(
                        conf,
                        archive,
                        member ->
                                LibriSpeechLayout.isTranscriptFile(member)
                                        && !InputKind.isHiddenMember(member)
                                        && wantedOrNoted(relative(member)))) {
            while (transcripts.hasNext()) {
                Recording member = transcripts.next();
                if (transcripts.isDamaged()) {
                    transcriptsCutShort = true;
                    return; // the audio pass meets the same damage and reports it once
                }
                addTranscript(member);
            }
        }
    }

    private void addTranscript(Recording member) {
        String relative = relative(member.member());
        Optional<UtteranceKey> chapter = LibriSpeechLayout.parseTranscriptPath(relative);
        if (chapter.isEmpty()) {
            pending.add(misplaced(member.name(), relative));
            return;
        }
        String prefix = member.member().substring(0, member.member().length() - relative.length());
        transcriptMembers.add(member.member());
        List<TranscriptLine> parsed;
        if (member.error() != null) { // e.g. a link, which holds no text
            unreadable.put(member.member(), member.error());
            parsed = List.of(new TranscriptLine(member.name(), 0, null, null, member.error()));
        } else {
            parsed = parseTranscript(member, chapter.get());
        }
        for (TranscriptLine line : parsed) {
            // A line with an id is joined with its audio even when it is not valid (no text), so
            // the utterance fails with the line's reason.
            String key =
                    line.utteranceId() != null
                            ? UtteranceKey.joinKey(chapter.get().split(), line.utteranceId())
                            : null;
            if (key == null) {
                pending.add(rejected(chapter.get(), line));
            } else if (lines.containsKey(key)) {
                pending.add(
                        rejected(
                                chapter.get(),
                                new TranscriptLine(
                                        line.file(),
                                        line.lineNumber(),
                                        null,
                                        null,
                                        line.location()
                                                + ": duplicate utterance id '"
                                                + line.utteranceId()
                                                + "' (first at "
                                                + lines.get(key).line().location()
                                                + ")")));
            } else {
                lines.put(key, new ChapterLine(chapter.get(), prefix, line));
            }
        }
    }

    private List<TranscriptLine> parseTranscript(Recording member, UtteranceKey chapter) {
        try {
            return TranscriptParser.parse(
                    member.name(), chapter, Utf8Lines.decode(member.name(), member.bytes()));
        } catch (InvalidUtf8Exception e) {
            unreadable.put(member.member(), e.getMessage());
            return List.of(
                    new TranscriptLine(member.name(), e.lineNumber(), null, null, e.getMessage()));
        }
    }

    /** Second pass: one audio member, joined with its line. */
    private Utterance toUtterance(Recording member) {
        if (audio.isDamaged()) {
            audioCutShort = true;
            return damaged(member.name(), member.error());
        }
        String relative = relative(member.member());
        Optional<UtteranceKey> parsed = LibriSpeechLayout.parseAudioPath(relative);
        if (parsed.isEmpty()) {
            return misplaced(member.name(), relative);
        }
        UtteranceKey key = parsed.get();
        lastSplit = key.split();
        String joinKey = UtteranceKey.joinKey(key.split(), key.id());
        String earlier = audioMembers.putIfAbsent(joinKey, member.member());
        if (earlier != null) {
            return new Utterance(key, member.name(), null, secondCopy(member.name(), earlier));
        }
        ChapterLine line = lines.remove(joinKey);
        if (member.error() != null) { // e.g. a link, which holds no audio
            return new Utterance(
                    key, member.name(), line == null ? null : line.line().text(), member.error());
        }
        if (line == null) {
            String prefix =
                    member.member().substring(0, member.member().length() - relative.length());
            return new Utterance(
                    key,
                    member.name(),
                    null,
                    noLine(key, prefix + LibriSpeechLayout.transcriptPathOf(key)));
        }
        return new Utterance(
                key, member.name(), line.line().text(), line.line().error(), member.bytes());
    }

    /**
     * An archive appended to with {@code tar -r} or {@code tar -u} holds each version of a file,
     * and GNU tar extracts the last; a stream has scored the first already, so the utterance is
     * refused as given twice rather than scored from a version the user may have replaced.
     */
    private static String secondCopy(String name, String earlier) {
        return name
                + " is a second member for the utterance of "
                + earlier
                + " (an archive appended to with tar -r or tar -u keeps every version, and tar"
                + " extracts the last): repack the archive so that it holds each file once";
    }

    /** Why an audio member has no line: what became of its chapter's transcript member. */
    private String noLine(UtteranceKey key, String transcript) {
        String uri = archive.uri() + "!" + transcript;
        if (unreadable.containsKey(transcript)) {
            return MissingReference.unreadableTranscript(key.id(), unreadable.get(transcript));
        } else if (transcriptMembers.contains(transcript)) {
            return MissingReference.noLine(key.id(), uri);
        } else if (transcriptsCutShort) {
            return MissingReference.transcriptMemberBeyondDamage(key.id(), uri);
        }
        return MissingReference.noTranscriptMember(key.id(), uri);
    }

    /** A line no audio member was joined with, saying why: none, or none read before damage. */
    private Utterance withoutAudio(ChapterLine entry) {
        UtteranceKey chapter = entry.chapter();
        String id = entry.line().utteranceId();
        String uri =
                archive.uri() + "!" + entry.prefix() + LibriSpeechLayout.audioPathOf(chapter, id);
        return new Utterance(
                new UtteranceKey(chapter.split(), chapter.speaker(), chapter.chapter(), id),
                null,
                entry.line().text(),
                !entry.line().isValid()
                        ? entry.line().error()
                        : audioCutShort
                                ? MissingAudio.memberBeyondDamage(entry.line(), uri)
                                : MissingAudio.noMember(entry.line(), uri));
    }

    private static Utterance rejected(UtteranceKey chapter, TranscriptLine line) {
        return new Utterance(
                new UtteranceKey(
                        chapter.split(), chapter.speaker(), chapter.chapter(), line.location()),
                null,
                null,
                line.error());
    }

    private static Utterance misplaced(String name, String relative) {
        return new Utterance(
                new UtteranceKey(splitOf(relative), "", "", name),
                name,
                null,
                LayoutViolation.archiveMember(name));
    }

    private Utterance damaged(String name, String error) {
        // Counted under the split being read when the archive broke, so the summary shows where.
        return new Utterance(new UtteranceKey(lastSplit, "", "", name), archive.uri(), null, error);
    }

    private boolean wanted(String relative) {
        return splits.isEmpty() || splits.contains(splitOf(relative));
    }

    /** {@link #wanted}, noting the split of a transcript passed over. */
    private boolean wantedOrNoted(String relative) {
        if (wanted(relative)) {
            return true;
        }
        splitsPassedOver.add(splitOf(relative));
        return false;
    }

    /**
     * The splits this archive holds transcripts of that {@code --splits} does not name: their
     * members are passed over unread, so a mistyped split can be told from a missing one. Complete
     * once the reader is open, as the transcripts are read first.
     *
     * @return split folder names, sorted; empty without {@code --splits}
     */
    public Set<String> splitsPassedOver() {
        return Collections.unmodifiableSet(splitsPassedOver);
    }

    /**
     * A member's path below its {@code LibriSpeech/} folder, or the whole path without one. The
     * folder may sit inside wrapper folders ({@code corpus/LibriSpeech/test-clean/...}, as when the
     * folder that holds {@code LibriSpeech/} was packed): an archive cannot be pointed into the way
     * a folder can.
     */
    static String relative(String member) {
        String path = member.startsWith("./") ? member.substring(2) : member;
        if (path.startsWith(ROOT_FOLDER)) {
            return path.substring(ROOT_FOLDER.length());
        }
        int nested = path.indexOf("/" + ROOT_FOLDER);
        return nested < 0 ? path : path.substring(nested + 1 + ROOT_FOLDER.length());
    }

    private static String splitOf(String relative) {
        int slash = relative.indexOf('/');
        return slash < 0 ? "" : relative.substring(0, slash);
    }

    /** A valid transcript line, its chapter, and the archive folder its chapter's files are in. */
    private record ChapterLine(UtteranceKey chapter, String prefix, TranscriptLine line) {}
}
