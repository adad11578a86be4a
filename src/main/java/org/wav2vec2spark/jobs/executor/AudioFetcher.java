package org.wav2vec2spark.jobs.executor;

import java.io.IOException;

/** Reads an audio file's bytes by URI; on executors this is a Hadoop file system read. */
@FunctionalInterface
public interface AudioFetcher {

    /** The file's bytes; the exception message names the file. */
    byte[] fetch(String uri) throws IOException;
}
