package org.wav2vec2spark.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSInputStream;
import org.apache.hadoop.fs.RawLocalFileSystem;

import java.io.EOFException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Local files under the scheme {@code flaky:}, read as a network file system reads them at a bad
 * moment: the connection drops after a set number of bytes, and every read from there throws a
 * plain {@link IOException} ("Connection reset"), though the bytes on disk are whole.
 */
public final class FlakyFileSystem extends RawLocalFileSystem {

    /** Configuration key: bytes of each file read before the connection drops; -1 fails opening. */
    public static final String FAIL_AFTER = "test.flaky.fail-after-bytes";

    /**
     * A configuration that reads {@code flaky:} URIs so.
     *
     * @param failAfter bytes of each file read before reads fail; -1 fails opening
     */
    public static Configuration conf(long failAfter) {
        Configuration conf = new Configuration();
        conf.set("fs.flaky.impl", FlakyFileSystem.class.getName());
        conf.setBoolean("fs.flaky.impl.disable.cache", true);
        conf.setLong(FAIL_AFTER, failAfter);
        return conf;
    }

    /** The {@code flaky:} URI of a local file. */
    public static String uri(Path file) {
        return "flaky://" + file.toAbsolutePath();
    }

    @Override
    public URI getUri() {
        return URI.create("flaky:///");
    }

    @Override
    public FSDataInputStream open(org.apache.hadoop.fs.Path path, int bufferSize)
            throws IOException {
        getFileStatus(path); // a missing file is FileNotFoundException, as for any file system
        long failAfter = getConf().getLong(FAIL_AFTER, Long.MAX_VALUE);
        if (failAfter < 0) {
            throw new IOException("Connection refused");
        }
        return new FSDataInputStream(
                new DroppingStream(Files.readAllBytes(pathToFile(path).toPath()), failAfter));
    }

    /** A file's bytes up to the drop, then "Connection reset". */
    private static final class DroppingStream extends FSInputStream {
        private final byte[] bytes;
        private final long failAfter;
        private int position;

        DroppingStream(byte[] bytes, long failAfter) {
            this.bytes = bytes;
            this.failAfter = failAfter;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (position >= failAfter) {
                throw new IOException("Connection reset");
            }
            if (position >= bytes.length) {
                return -1;
            }
            int n = (int) Math.min(length, Math.min(bytes.length, failAfter) - position);
            System.arraycopy(bytes, position, buffer, offset, n);
            position += n;
            return n;
        }

        @Override
        public void seek(long to) throws IOException {
            if (to < 0 || to > bytes.length) {
                throw new EOFException("Cannot seek to " + to);
            }
            position = (int) to;
        }

        @Override
        public long getPos() {
            return position;
        }

        @Override
        public boolean seekToNewSource(long target) {
            return false;
        }
    }
}
