package org.wav2vec2spark.data;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Every file below a folder, as paths and sizes, skipping hidden names ({@code .name}, {@code
 * _name}) below the folder as Hadoop's input formats do.
 *
 * <p>The listing call depends on the file system. Object stores (S3A) answer {@code listFiles} with
 * one flat listing instead of a request per folder. On the local file system the located statuses
 * {@code listFiles} builds read each file's permissions by starting a process (about 350 files a
 * second), so local folders are walked with plain {@code listStatus} (20000 files a second and
 * more); names and sizes need no more.
 */
final class FolderWalk {

    /** One file found: its qualified path and its size in bytes. */
    record Found(Path path, long length) {}

    private FolderWalk() {}

    /**
     * Lists the files below a folder.
     *
     * @param fs the folder's file system
     * @param folder a qualified folder path
     * @return the files, hidden ones left out
     * @throws IOException when listing fails
     */
    static List<Found> files(FileSystem fs, Path folder) throws IOException {
        return fs instanceof LocalFileSystem ? walk(fs, folder) : listRecursively(fs, folder);
    }

    /**
     * Whether a file below a listed root has a hidden folder or file name on its way ({@link
     * InputKind#isHiddenMember}), judged on the part below the root: a root of {@code /} (an object
     * store bucket) leaves no leading slash to match on.
     *
     * @param rootPath the listed root's path, e.g. {@code /} or {@code /data}
     * @param filePath the path of a file below it
     */
    static boolean hiddenBelow(String rootPath, String filePath) {
        return InputKind.isHiddenMember(filePath.substring(rootPath.length()));
    }

    private static List<Found> listRecursively(FileSystem fs, Path folder) throws IOException {
        List<Found> found = new ArrayList<>();
        String rootPath = folder.toUri().getPath();
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(folder, true);
        while (files.hasNext()) {
            LocatedFileStatus file = files.next();
            if (!hiddenBelow(rootPath, file.getPath().toUri().getPath())) {
                found.add(new Found(file.getPath(), file.getLen()));
            }
        }
        return found;
    }

    private static List<Found> walk(FileSystem fs, Path folder) throws IOException {
        List<Found> found = new ArrayList<>();
        ArrayDeque<Path> pending = new ArrayDeque<>();
        pending.add(folder);
        while (!pending.isEmpty()) {
            RemoteIterator<FileStatus> entries = fs.listStatusIterator(pending.poll());
            while (entries.hasNext()) {
                FileStatus entry = entries.next();
                if (InputKind.isHiddenName(entry.getPath().getName())) {
                    continue;
                }
                if (entry.isDirectory()) {
                    pending.add(entry.getPath());
                } else {
                    found.add(new Found(entry.getPath(), entry.getLen()));
                }
            }
        }
        return found;
    }
}
