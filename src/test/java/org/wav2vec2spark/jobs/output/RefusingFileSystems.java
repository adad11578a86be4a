package org.wav2vec2spark.jobs.output;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

import java.io.IOException;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The local disk under schemes of its own, each refusing one step of writing an output as a full
 * disk, a quota or lost permissions would: the jobs' handling of a failed write, tested for real
 * through Hadoop's file system API (and Spark's committer) without such a disk.
 */
public final class RefusingFileSystems {

    private RefusingFileSystems() {}

    /**
     * Spark settings that make a session use {@code fileSystem} for its scheme, uncached so no
     * instance outlives the test.
     */
    public static Map<String, String> sparkConf(Class<? extends Refusing> fileSystem) {
        String scheme = schemeOf(fileSystem);
        return Map.of(
                "spark.hadoop.fs." + scheme + ".impl",
                fileSystem.getName(),
                "spark.hadoop.fs." + scheme + ".impl.disable.cache",
                "true");
    }

    /** {@link #sparkConf} as a job's command-line arguments: {@code --conf key=value} each. */
    public static List<String> confArguments(Class<? extends Refusing> fileSystem) {
        List<String> arguments = new ArrayList<>();
        sparkConf(fileSystem)
                .forEach((key, value) -> arguments.addAll(List.of("--conf", key + "=" + value)));
        return arguments;
    }

    /** A Hadoop configuration that uses {@code fileSystem} for its scheme, uncached. */
    public static Configuration configuration(Class<? extends Refusing> fileSystem) {
        Configuration conf = new Configuration();
        sparkConf(fileSystem)
                .forEach((key, value) -> conf.set(key.substring("spark.hadoop.".length()), value));
        return conf;
    }

    /** The location of a local path on {@code fileSystem}: {@code <scheme>://<path>}. */
    public static String uri(Class<? extends Refusing> fileSystem, java.nio.file.Path path) {
        return schemeOf(fileSystem) + "://" + path.toAbsolutePath();
    }

    private static String schemeOf(Class<? extends Refusing> fileSystem) {
        return fileSystem.getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    /** The local disk under a scheme named after the class. */
    public abstract static class Refusing extends RawLocalFileSystem {
        @Override
        public URI getUri() {
            return URI.create(getScheme() + ":///");
        }

        @Override
        public String getScheme() {
            return schemeOf(getClass());
        }
    }

    /** Refuses summary.json's temporary file: a write that fails after the results are written. */
    public static final class RefusesSummary extends Refusing {
        @Override
        public FSDataOutputStream create(
                Path f,
                boolean overwrite,
                int bufferSize,
                short replication,
                long blockSize,
                Progressable progress)
                throws IOException {
            if (f.getName().startsWith("." + RunFolder.SUMMARY + ".")) {
                throw new IOException("refused summary.json for the test: " + f);
            }
            return super.create(f, overwrite, bufferSize, replication, blockSize, progress);
        }
    }

    /** Refuses the committer's {@code _temporary} folder: a table write that fails at its setup. */
    public static final class RefusesTemporary extends Refusing {
        @Override
        public boolean mkdirs(Path f) throws IOException {
            refuseTemporary(f);
            return super.mkdirs(f);
        }

        @Override
        public boolean mkdirs(Path f, FsPermission permission) throws IOException {
            refuseTemporary(f);
            return super.mkdirs(f, permission);
        }

        private static void refuseTemporary(Path f) throws IOException {
            if (f.toString().contains("/_temporary")) {
                throw new IOException("refused _temporary for the test: " + f);
            }
        }
    }

    /** Refuses every delete: an earlier output moved aside that cannot be removed. */
    public static final class RefusesDelete extends Refusing {
        @Override
        public boolean delete(Path p, boolean recursive) throws IOException {
            throw new IOException("refused delete for the test: " + p);
        }
    }

    /** Refuses to list a folder named {@code unlisted}, as one without read permission. */
    public static final class RefusesListing extends Refusing {
        @Override
        public FileStatus[] listStatus(Path f) throws IOException {
            if (f.getName().equals("unlisted")) {
                throw new AccessDeniedException(f.toUri().getPath());
            }
            return super.listStatus(f);
        }
    }

    /**
     * Keeps no modification time it is given, as Hadoop's default {@code setTimes} does and object
     * stores keep: a lock refreshed by {@code setTimes} alone would look abandoned.
     */
    public static final class RefusesSetTimes extends Refusing {
        @Override
        public void setTimes(Path p, long mtime, long atime) {}
    }
}
