package org.wav2vec2spark.jobs.output;

import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.ipc.RemoteException;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;

/** Lock files: files created in one step that fails when the file exists. */
final class ExclusiveFiles {

    private ExclusiveFiles() {}

    /**
     * Creates {@code file} holding {@code content}, and its folders. HDFS's create without
     * overwrite is one step that fails when the file exists; Hadoop's local file system checks and
     * then creates, so two jobs starting together could both create the file, and a local one is
     * created by the JDK instead (O_CREAT | O_EXCL).
     *
     * @throws FileAlreadyExistsException when the file exists
     * @throws IOException when it cannot be created, naming a part of its path that is a file
     */
    static void create(FileSystem fs, Path file, byte[] content) throws IOException {
        // A local file system under another scheme (a test's) has no JDK path.
        URI qualified = fs.makeQualified(file).toUri();
        boolean onLocalDisk = fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem;
        if (onLocalDisk && "file".equals(qualified.getScheme())) {
            java.nio.file.Path local = Paths.get(qualified);
            try {
                Files.createDirectories(local.getParent());
            } catch (java.nio.file.FileAlreadyExistsException e) { // not the file's: its folder's
                throw new IOException(
                        "Cannot create " + file + ": " + e.getFile() + " is a file, not a folder",
                        e);
            }
            try {
                Files.write(
                        local, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                throw new FileAlreadyExistsException(file + " exists");
            } catch (IOException e) { // created but not written (a full disk): not left empty
                Files.deleteIfExists(local);
                throw e;
            }
            return;
        }
        FSDataOutputStream out;
        try {
            out = fs.create(file, false);
        } catch (IOException e) {
            throw isCreateRace(e) ? new FileAlreadyExistsException(file + " is being created") : e;
        }
        try (out) {
            out.write(content);
        } catch (IOException e) {
            fs.delete(file, false);
            throw e;
        }
    }

    /**
     * Whether HDFS refused a create because another client is creating the same file: the NameNode
     * recovers an open file's lease before it says the file exists, and answers a create that
     * overlaps another client's open one with these instead.
     */
    static boolean isCreateRace(IOException e) {
        String name =
                e instanceof RemoteException remote
                        ? remote.getClassName()
                        : e.getClass().getName();
        return name.endsWith(".AlreadyBeingCreatedException")
                || name.endsWith(".RecoveryInProgressException");
    }
}
