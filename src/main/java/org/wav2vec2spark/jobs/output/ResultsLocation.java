package org.wav2vec2spark.jobs.output;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;

/**
 * Where a job's results are, as its last console line ({@code Results: ...}) names them: one form
 * whether the folder was the default or given with {@code --output}, relative or not, so that the
 * line can be copied into another command from any working directory.
 */
public final class ResultsLocation {

    private ResultsLocation() {}

    /**
     * The folder qualified by its file system (relative paths resolved against its working
     * directory, {@code .} and {@code ..} removed): a plain absolute path on the local disk while
     * it is the default file system, the full URI ({@code hdfs://namenode/user/me/out}, {@code
     * file:/opt/w2v/runs/x} with HDFS as the default) otherwise.
     *
     * @param conf the Hadoop configuration that chooses the file system of a path without scheme
     * @param uri the folder as the job was given it
     * @throws IOException when the file system of the URI cannot be loaded
     */
    public static String absolute(Configuration conf, String uri) throws IOException {
        Path path = new Path(uri);
        Path qualified = path.getFileSystem(conf).makeQualified(path);
        // A local path is shown without file: so that it pastes into a shell as it is; but not
        // when the default file system is another one, where the bare path would name a folder
        // there in the next command it is pasted into.
        boolean local = "file".equals(qualified.toUri().getScheme());
        return local && "file".equals(FileSystem.getDefaultUri(conf).getScheme())
                ? qualified.toUri().getPath()
                : qualified.toString();
    }
}
