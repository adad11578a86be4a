package org.wav2vec2spark.data;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    private static final Logger LOG = LoggerFactory.getLogger(FolderWalk.class);

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

    /**
     * Walks a local folder, following symbolic links to folders (data is often linked in) but
     * reading each folder once: a link back up the tree ({@code sub/up -> ..}) would otherwise list
     * every file below it again, once per turn until the kernel's limit of 40 links in a path, and
     * a second link to one folder would list its files twice. The folder reached again is named in
     * a warning.
     */
    private static List<Found> walk(FileSystem fs, Path folder) throws IOException {
        List<Found> found = new ArrayList<>();
        ArrayDeque<Path> pending = new ArrayDeque<>();
        Map<java.nio.file.Path, Path> walked = new HashMap<>();
        walked.put(realPath(folder), folder);
        pending.add(folder);
        while (!pending.isEmpty()) {
            RemoteIterator<FileStatus> entries = fs.listStatusIterator(pending.poll());
            while (entries.hasNext()) {
                FileStatus entry = entries.next();
                if (InputKind.isHiddenName(entry.getPath().getName())) {
                    continue;
                }
                if (entry.isDirectory()) {
                    Path earlier = walked.putIfAbsent(realPath(entry.getPath()), entry.getPath());
                    if (earlier == null) {
                        pending.add(entry.getPath());
                    } else {
                        LOG.warn(
                                "Not listing {}: it is the folder {} (through a symbolic link),"
                                        + " listed already",
                                entry.getPath(),
                                earlier);
                    }
                } else {
                    found.add(new Found(entry.getPath(), entry.getLen()));
                }
            }
        }
        return found;
    }

    private static java.nio.file.Path realPath(Path localFolder) throws IOException {
        // As RawLocalFileSystem maps a path to a file: the URI's path, not the URI, which may
        // hold a raw % (a folder named "100%").
        return java.nio.file.Path.of(localFolder.toUri().getPath()).toRealPath();
    }
}
