package org.wav2vec2spark.data;

import java.io.Serializable;

/**
 * An input file found on the driver: where it is, how big, and what it holds. No contents.
 *
 * @param uri the file's fully qualified URI
 * @param length its size in bytes
 * @param kind a recording or an archive of recordings
 */
public record InputFile(String uri, long length, InputKind kind) implements Serializable {

    /** Whether this file is an archive, read whole by one task. */
    public boolean isArchive() {
        return kind != InputKind.AUDIO;
    }
}
