package org.wav2vec2spark.jobs;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.wav2vec2spark.data.HadoopFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;

/**
 * A digest of everything the executors read from a model directory, local or remote. It names a
 * remote directory's copy on each executor, so that a copy is reused only for the same files, and
 * versions the executors' loaded models, so that files changed between two jobs of one application
 * are loaded anew.
 *
 * <p>The TorchScript archive enters by the checksum {@code model.json} states, which the executor
 * checks on load; every other file (the vocabulary, the tokenizer and model settings) by its name
 * and content. Two directories that share a TorchScript archive but differ in {@code vocab.json} or
 * {@code tokenizer_config.json}, or one directory whose settings were edited between runs, thus get
 * separate copies instead of decoding with each other's vocabulary. Files above {@link
 * #CONTENT_LIMIT_BYTES} other than the archive (further weights, say) enter by size and
 * modification time, so the driver never reads gigabytes to name a cache entry.
 */
final class ModelFilesDigest {

    /** Files up to this size are hashed whole; larger ones by size and modification time. */
    static final long CONTENT_LIMIT_BYTES = 16L << 20;

    private ModelFilesDigest() {}

    /**
     * Computes the digest of a model directory.
     *
     * @param conf the Hadoop configuration to read the directory with
     * @param directory the model directory
     * @param torchscript the TorchScript file name from {@code model.json}
     * @param torchscriptSha256 its checksum from {@code model.json}
     * @return a lower-case hex SHA-256
     * @throws IOException if the directory cannot be listed or a file read
     */
    static String of(
            Configuration conf, Path directory, String torchscript, String torchscriptSha256)
            throws IOException {
        MessageDigest digest = sha256();
        update(digest, torchscript + "\0" + torchscriptSha256);
        FileStatus[] files = directory.getFileSystem(conf).listStatus(directory);
        Arrays.sort(files, Comparator.comparing(file -> file.getPath().getName()));
        for (FileStatus file : files) {
            String name = file.getPath().getName();
            if (!file.isFile() || name.equals(torchscript)) {
                continue;
            }
            update(digest, "\0" + name + "\0" + file.getLen() + "\0");
            update(
                    digest,
                    file.getLen() > CONTENT_LIMIT_BYTES
                            ? Long.toString(file.getModificationTime())
                            : HadoopFiles.sha256(conf, file.getPath().toString()));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void update(MessageDigest digest, String text) {
        digest.update(text.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
