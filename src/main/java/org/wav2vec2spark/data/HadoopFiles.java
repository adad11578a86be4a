package org.wav2vec2spark.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Whole-file reads and atomic writes on any Hadoop file system (file:, hdfs:, s3a:, ...).
 *
 * <p>URIs are Hadoop path strings, as {@code Path.toString()} prints them and listings return them:
 * unescaped, so that {@code a b} is a space and {@code a%20b} a literal percent sign. They are
 * parsed with {@code new Path(String)}, never {@code URI.create}, which refuses the first and
 * decodes the second into another file.
 */
public final class HadoopFiles {

    private HadoopFiles() {}

    /** Reads a file's bytes; the message of any failure names the file. */
    public static byte[] readAllBytes(Configuration conf, String uri) throws IOException {
        Path path = new Path(uri);
        try (InputStream in = path.getFileSystem(conf).open(path)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IOException("Cannot read " + uri + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a UTF-8 text file as lines ({@link Utf8Lines}); invalid UTF-8 is an {@link
     * InvalidUtf8Exception} naming the file and line.
     */
    public static List<String> readUtf8Lines(Configuration conf, String uri) throws IOException {
        return Utf8Lines.decode(uri, readAllBytes(conf, uri));
    }

    /**
     * Writes a small file so that readers see either nothing or the whole content: the bytes go to
     * a hidden temporary file next to the target, which is then renamed.
     */
    public static void writeAtomically(Configuration conf, String uri, byte[] content)
            throws IOException {
        Path target = new Path(uri);
        FileSystem fs = target.getFileSystem(conf);
        Path temporary = new Path(target.getParent(), "." + target.getName() + ".tmp");
        try (FSDataOutputStream out = fs.create(temporary, true)) {
            out.write(content);
        }
        fs.delete(target, false);
        if (!fs.rename(temporary, target)) {
            throw new IOException("Cannot rename " + temporary + " to " + target);
        }
    }
}
