package org.wav2vec2spark.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.wav2vec2spark.audio.FlacDecoder;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Durations of audio files from their FLAC STREAMINFO header alone (the first 42 bytes of a plain
 * FLAC file), read on executors, for planning partitions by audio length.
 */
final class AudioDurations {

    /** Marks a file whose header gave no duration; the planner estimates it from its size. */
    static final double UNKNOWN = -1;

    private AudioDurations() {}

    /**
     * The duration in seconds from the file's STREAMINFO, or {@link #UNKNOWN} when the header
     * cannot be read or does not state the total (the decoder reports the problem later, with the
     * utterance).
     */
    static double seconds(Configuration conf, String uri) {
        Path path = new Path(uri);
        try (FSDataInputStream raw = HadoopFiles.plainFileSystem(conf, path).open(path);
                InputStream in = new BufferedInputStream(raw, 8192)) {
            double seconds = FlacDecoder.readStreamInfo(in, uri).durationSeconds();
            return seconds > 0 ? seconds : UNKNOWN;
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }
}
