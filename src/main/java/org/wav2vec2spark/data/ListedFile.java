package org.wav2vec2spark.data;

import java.io.Serializable;

/**
 * A file found while listing the data root.
 *
 * @param relativePath the path below the data root, with {@code /} separators
 * @param length the size in bytes
 */
public record ListedFile(String relativePath, long length) implements Serializable {}
