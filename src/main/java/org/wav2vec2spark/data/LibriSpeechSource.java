package org.wav2vec2spark.data;

import org.apache.spark.HashPartitioner;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.Optional;

import scala.Tuple2;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the dataset of utterances of a listed LibriSpeech root: audio files joined with their
 * transcript lines by utterance id.
 *
 * <p>Transcripts are read on the executors. Every problem becomes an utterance with an error rather
 * than disappearing: audio with no transcript line, a transcript line with no audio, a malformed
 * line, an unreadable transcript, or a file outside the layout.
 */
public final class LibriSpeechSource {

    private LibriSpeechSource() {}

    /**
     * The utterances of a listing.
     *
     * @param jsc the Spark context
     * @param listing what the driver found under the data root
     * @param hadoopConf the configuration executors open files with
     * @param slices how many partitions to list and join with
     */
    public static JavaRDD<Utterance> utterances(
            JavaSparkContext jsc,
            LibriSpeechListing listing,
            SerializableHadoopConf hadoopConf,
            int slices) {
        return utterances(jsc, listing, hadoopConf, slices, new HashPartitioner(slices));
    }

    /**
     * The utterances of a listing, in partitions that hold about equal amounts of audio.
     *
     * <p>Executors read each FLAC file's STREAMINFO header (not its audio) for the duration; the
     * driver collects the ids and durations only and plans the partitions with {@link
     * DurationPartitionPlanner}; the join with the transcripts then lands each utterance in its
     * planned partition, with no extra shuffle. A file whose header gives no duration is planned at
     * the corpus's average seconds per byte times its size (by size alone when no header gives
     * one).
     *
     * @param jsc the Spark context
     * @param listing what the driver found under the data root
     * @param hadoopConf the configuration executors open files with
     * @param partitions how many partitions to plan
     * @param maxUtterancesPerPartition the most utterances a partition takes
     */
    public static JavaRDD<Utterance> utterancesByDuration(
            JavaSparkContext jsc,
            LibriSpeechListing listing,
            SerializableHadoopConf hadoopConf,
            int partitions,
            int maxUtterancesPerPartition) {
        List<ListedFile> files = listing.audioFiles();
        String root = listing.rootUri();
        List<Double> seconds =
                jsc.parallelize(files, Math.max(1, Math.min(partitions, files.size())))
                        .map(
                                file ->
                                        AudioDurations.seconds(
                                                hadoopConf.get(),
                                                LibriSpeechListing.uriOf(root, file)))
                        .collect();
        Map<String, Double> secondsById = estimateUnknown(files, seconds);
        Map<String, Integer> plan =
                DurationPartitionPlanner.plan(secondsById, partitions, maxUtterancesPerPartition);
        return utterances(
                jsc,
                listing,
                hadoopConf,
                partitions,
                new PlannedPartitioner(partitions, jsc.broadcast(plan)));
    }

    /** Each file's seconds by join key; unknown ones (negative) estimated from the file's size. */
    static Map<String, Double> estimateUnknown(List<ListedFile> files, List<Double> seconds) {
        double knownSeconds = 0;
        double knownBytes = 0;
        for (int i = 0; i < files.size(); i++) {
            if (seconds.get(i) >= 0) {
                knownSeconds += seconds.get(i);
                knownBytes += files.get(i).length();
            }
        }
        // With no header giving a duration, plan on file sizes: only the loads' ratios matter,
        // and 16-bit 16 kHz PCM (32000 bytes a second) keeps the figures in seconds' range.
        double secondsPerByte = knownBytes > 0 ? knownSeconds / knownBytes : 1.0 / 32000;
        Map<String, Double> secondsByKey = new HashMap<>();
        for (int i = 0; i < files.size(); i++) {
            UtteranceKey key =
                    LibriSpeechLayout.parseAudioPath(files.get(i).relativePath()).orElseThrow();
            double known = seconds.get(i);
            secondsByKey.put(
                    UtteranceKey.joinKey(key.split(), key.id()),
                    known >= 0 ? known : files.get(i).length() * secondsPerByte);
        }
        return secondsByKey;
    }

    private static JavaRDD<Utterance> utterances(
            JavaSparkContext jsc,
            LibriSpeechListing listing,
            SerializableHadoopConf hadoopConf,
            int slices,
            Partitioner partitioner) {
        // The closures below capture the root URI, not the listing: executors need no file list,
        // and each transcript task gets its own chapter's audio ids as data, not every id.
        String root = listing.rootUri();
        Set<String> transcripts = new HashSet<>();
        listing.transcriptFiles().forEach(file -> transcripts.add(file.relativePath()));
        JavaPairRDD<String, Utterance> audio =
                jsc.parallelize(listing.audioFiles(), slices)
                        .mapToPair(
                                file -> {
                                    UtteranceKey key =
                                            LibriSpeechLayout.parseAudioPath(file.relativePath())
                                                    .orElseThrow();
                                    return new Tuple2<>(
                                            UtteranceKey.joinKey(key.split(), key.id()),
                                            new Utterance(
                                                    key,
                                                    LibriSpeechListing.uriOf(root, file),
                                                    null,
                                                    null));
                                });
        JavaPairRDD<String, TranscriptLine> lines =
                jsc.parallelize(
                                ChapterTranscript.of(
                                        listing.transcriptFiles(), listing.audioFiles()),
                                slices)
                        .flatMapToPair(
                                chapter ->
                                        keyedTranscript(
                                                        root,
                                                        chapter.transcript(),
                                                        hadoopConf,
                                                        chapter.audioIds())
                                                .iterator());
        JavaRDD<Utterance> joined =
                audio.fullOuterJoin(lines, partitioner)
                        .map(pair -> join(root, transcripts, pair._2()._1(), pair._2()._2()));
        JavaRDD<Utterance> misplaced =
                jsc.parallelize(listing.misplacedFiles(), 1).map(file -> misplaced(root, file));
        return joined.union(misplaced);
    }

    /**
     * A transcript's lines by {@link UtteranceKey#joinKey}; a line without an id by its location.
     */
    private static List<Tuple2<String, TranscriptLine>> keyedTranscript(
            String root, ListedFile file, SerializableHadoopConf conf, List<String> audioIds) {
        String split =
                LibriSpeechLayout.parseTranscriptPath(file.relativePath()).orElseThrow().split();
        List<Tuple2<String, TranscriptLine>> keyed = new ArrayList<>();
        for (TranscriptLine line : readTranscript(root, file, conf, audioIds)) {
            String key =
                    line.utteranceId() != null
                            ? UtteranceKey.joinKey(split, line.utteranceId())
                            : line.location();
            keyed.add(new Tuple2<>(key, line));
        }
        return keyed;
    }

    /**
     * A transcript's lines; a file that cannot be read is one failed line naming it (and the line
     * that is not UTF-8), plus a failed line for each of its chapter's audio ids, so that their
     * rows say why they have no reference. A failure of the moment (a connection reset, a block no
     * datanode served) is thrown instead, so that Spark reruns the task ({@link ReadFailures}).
     */
    private static List<TranscriptLine> readTranscript(
            String root, ListedFile file, SerializableHadoopConf conf, List<String> audioIds) {
        String uri = LibriSpeechListing.uriOf(root, file);
        UtteranceKey chapter =
                LibriSpeechLayout.parseTranscriptPath(file.relativePath()).orElseThrow();
        try {
            return TranscriptParser.parse(uri, chapter, HadoopFiles.readUtf8Lines(conf.get(), uri));
        } catch (java.io.IOException e) {
            ReadFailures.rethrowIfOfTheMoment(e);
            int lineNumber = e instanceof InvalidUtf8Exception invalid ? invalid.lineNumber() : 0;
            List<TranscriptLine> failed = new ArrayList<>(1 + audioIds.size());
            failed.add(new TranscriptLine(uri, lineNumber, null, null, e.getMessage()));
            for (String id : audioIds) {
                failed.add(
                        new TranscriptLine(
                                uri,
                                0,
                                id,
                                null,
                                MissingReference.unreadableTranscript(id, e.getMessage())));
            }
            return failed;
        }
    }

    private static Utterance join(
            String root,
            Set<String> transcripts,
            Optional<Utterance> audio,
            Optional<TranscriptLine> line) {
        if (audio.isPresent() && line.isPresent()) {
            // A line for an audio id is invalid when it has no text or its whole transcript was
            // unreadable: the utterance fails with the line's reason.
            return new Utterance(
                    audio.get().key(),
                    audio.get().audioUri(),
                    line.get().text(),
                    line.get().error());
        }
        if (audio.isPresent()) {
            UtteranceKey key = audio.get().key();
            String transcript = LibriSpeechLayout.transcriptPathOf(key);
            return new Utterance(
                    key,
                    audio.get().audioUri(),
                    null,
                    transcripts.contains(transcript)
                            ? MissingReference.noLine(
                                    key.id(), LibriSpeechListing.uriOf(root, transcript))
                            : MissingReference.noTranscriptFile(
                                    key.id(), LibriSpeechListing.uriOf(root, transcript)));
        }
        TranscriptLine transcript = line.get();
        String relativeFile =
                transcript.file().substring(LibriSpeechListing.uriOf(root, "").length());
        UtteranceKey chapter = LibriSpeechLayout.parseTranscriptPath(relativeFile).orElseThrow();
        if (!transcript.isValid()) {
            return new Utterance(
                    new UtteranceKey(
                            chapter.split(),
                            chapter.speaker(),
                            chapter.chapter(),
                            transcript.utteranceId() != null
                                    ? transcript.utteranceId()
                                    : transcript.location()),
                    null,
                    null,
                    transcript.error());
        }
        String id = transcript.utteranceId();
        return new Utterance(
                new UtteranceKey(chapter.split(), chapter.speaker(), chapter.chapter(), id),
                null,
                transcript.text(),
                MissingAudio.noFile(
                        transcript,
                        LibriSpeechListing.uriOf(
                                root, LibriSpeechLayout.audioPathOf(chapter, id))));
    }

    private static Utterance misplaced(String root, ListedFile file) {
        String path = file.relativePath();
        String split = path.contains("/") ? path.substring(0, path.indexOf('/')) : "";
        return new Utterance(
                new UtteranceKey(split, "", "", path),
                LibriSpeechListing.uriOf(root, file),
                null,
                LayoutViolation.folderFile(LibriSpeechListing.uriOf(root, file)));
    }
}
