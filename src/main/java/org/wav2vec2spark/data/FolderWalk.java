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
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Every file below a folder, as paths, sizes and identities (the same for every path to one file),
 * skipping hidden names ({@code .name}, {@code _name}) below the folder as Hadoop's input formats
 * do. A local symbolic link to nothing is listed too, as Hadoop's {@code listStatus} is not.
 *
 * <p>The listing call depends on the file system. Object stores (S3A) answer {@code listFiles} with
 * one flat listing instead of a request per folder. On the local file system the located statuses
 * {@code listFiles} builds read each file's permissions by starting a process (about 350 files a
 * second), so local folders are walked with plain {@code listStatus} (20000 files a second and
 * more); names and sizes need no more.
 */
final class FolderWalk {
    private static final Logger LOG = LoggerFactory.getLogger(FolderWalk.class);

    /**
     * One file found.
     *
     * @param path its qualified path, as listed (through the links the walk followed)
     * @param length its size in bytes; 0 for a symbolic link to nothing
     * @param identity the same for every path to one file: on the local file system its real path
     *     (links resolved), elsewhere its path
     */
    record Found(Path path, long length, String identity) {}

    /** A local folder to walk: the path that lists it, and where it really is. */
    private record Folder(Path listed, java.nio.file.Path real) {}

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
        List<Found> found = new ArrayList<>();
        forEachFile(fs, folder, found::add);
        return found;
    }

    /**
     * Hands each file below a folder to {@code each} as it is listed, so that a caller keeping a
     * little of each holds no list of them all (a million files' paths take about 570 MB).
     *
     * @param fs the folder's file system
     * @param folder a qualified folder path
     * @param each takes the files, hidden ones left out
     * @throws IOException when listing fails
     */
    static void forEachFile(FileSystem fs, Path folder, Consumer<Found> each) throws IOException {
        if (fs instanceof LocalFileSystem) {
            walk(fs, folder, each);
        } else {
            listRecursively(fs, folder, each);
        }
    }

    /**
     * A file's {@link Found#identity}, for a file named directly rather than found by a walk.
     *
     * @param fs the file's file system
     * @param file its qualified path
     * @throws IOException when its folder's real path cannot be read
     */
    static String identityOf(FileSystem fs, Path file) throws IOException {
        if (!(fs instanceof LocalFileSystem)) {
            return file.toString();
        }
        return localIdentity(realPath(file.getParent()), file);
    }

    /**
     * A local file's identity: the real path of its folder with its name, or for a link to a file,
     * the real path of the file it leads to. Only links cost a second look at the file: the walk
     * knows each folder's real path already.
     */
    private static String localIdentity(java.nio.file.Path realFolder, Path file) {
        java.nio.file.Path local = localPath(file);
        if (Files.isSymbolicLink(local)) {
            try {
                return local.toRealPath().toString();
            } catch (IOException e) { // a link to nothing is known by its own path
            }
        }
        return realFolder.resolve(file.getName()).toString();
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

    private static void listRecursively(FileSystem fs, Path folder, Consumer<Found> found)
            throws IOException {
        String rootPath = folder.toUri().getPath();
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(folder, true);
        while (files.hasNext()) {
            LocatedFileStatus file = files.next();
            if (!hiddenBelow(rootPath, file.getPath().toUri().getPath())) {
                found.accept(new Found(file.getPath(), file.getLen(), file.getPath().toString()));
            }
        }
    }

    /**
     * Walks a local folder. Symbolic links to folders outside it are followed (data is often linked
     * in), each such folder once; a link to a folder the walk reads anyway (inside the folder, or
     * inside or around one a link has led to) is not, and is named in a warning. Following every
     * link listed files twice, through a second way to their folder, and a link back up the tree
     * ({@code sub/up -> ..}) made the walk branch out until the kernel's limit of 40 links in a
     * path. A link to nothing is listed, with a warning, so that the file it was meant to be gets a
     * row saying it cannot be read (Hadoop's {@code listStatus} leaves it out in silence).
     */
    private static void walk(FileSystem fs, Path folder, Consumer<Found> found) throws IOException {
        ArrayDeque<Folder> pending = new ArrayDeque<>();
        // The real folders whose trees are walked, with the path that names each in the listing.
        Map<java.nio.file.Path, Path> trees = new LinkedHashMap<>();
        java.nio.file.Path real = realPath(folder);
        trees.put(real, folder);
        pending.add(new Folder(folder, real));
        while (!pending.isEmpty()) {
            Folder next = pending.poll();
            // In name order, so that of two links to one folder the same one names it every run.
            FileStatus[] entries = fs.listStatus(next.listed());
            Arrays.sort(entries, Comparator.comparing(entry -> entry.getPath().getName()));
            for (FileStatus entry : entries) {
                String name = entry.getPath().getName();
                if (InputKind.isHiddenName(name)) {
                    continue;
                }
                if (!entry.isDirectory()) {
                    found.accept(
                            new Found(
                                    entry.getPath(),
                                    entry.getLen(),
                                    localIdentity(next.real(), entry.getPath())));
                } else if (!Files.isSymbolicLink(localPath(entry.getPath()))) {
                    pending.add(new Folder(entry.getPath(), next.real().resolve(name)));
                } else if (isNewTree(entry.getPath(), trees)) {
                    pending.add(new Folder(entry.getPath(), realPath(entry.getPath())));
                }
            }
            String[] names = namesIn(next.listed());
            if (entries.length < names.length) {
                linksToNothing(next, names, entries).forEach(found);
            }
        }
    }

    /**
     * The symbolic links to nothing in a folder: the names {@code listStatus} left out of its
     * entries because their targets do not exist.
     */
    private static List<Found> linksToNothing(Folder folder, String[] names, FileStatus[] entries) {
        Set<String> listed = new HashSet<>();
        for (FileStatus entry : entries) {
            listed.add(entry.getPath().getName());
        }
        List<Found> links = new ArrayList<>();
        Arrays.sort(names);
        for (String name : names) {
            java.nio.file.Path link = localPath(folder.listed()).resolve(name);
            if (!listed.contains(name)
                    && !InputKind.isHiddenName(name)
                    && Files.isSymbolicLink(link)
                    && !Files.exists(link)) {
                Path path = HadoopFiles.child(folder.listed(), name);
                LOG.warn(
                        "{} is a symbolic link to {}, which does not exist; a recording or"
                                + " archive so named gets a failed row",
                        path,
                        linkTarget(link));
                links.add(new Found(path, 0, localIdentity(folder.real(), path)));
            }
        }
        return links;
    }

    /** The names in a local folder, as {@code listStatus} reads them; none if it is gone. */
    private static String[] namesIn(Path localFolder) {
        String[] names = localPath(localFolder).toFile().list();
        return names == null ? new String[0] : names;
    }

    private static String linkTarget(java.nio.file.Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "a target that cannot be read (" + e.getMessage() + ")";
        }
    }

    /** Whether a link leads to a folder no walked tree holds or lies in; if so it is one now. */
    private static boolean isNewTree(Path link, Map<java.nio.file.Path, Path> trees)
            throws IOException {
        java.nio.file.Path target = realPath(link);
        for (Map.Entry<java.nio.file.Path, Path> tree : trees.entrySet()) {
            if (target.startsWith(tree.getKey()) || tree.getKey().startsWith(target)) {
                LOG.warn(
                        "Not following the symbolic link {}: it leads to {}, which overlaps {},"
                                + " listed already",
                        link,
                        target,
                        tree.getValue());
                return false;
            }
        }
        trees.put(target, link);
        return true;
    }

    private static java.nio.file.Path realPath(Path localFolder) throws IOException {
        return localPath(localFolder).toRealPath();
    }

    private static java.nio.file.Path localPath(Path local) {
        // As RawLocalFileSystem maps a path to a file: the URI's path, not the URI, which may
        // hold a raw % (a folder named "100%").
        return java.nio.file.Path.of(local.toUri().getPath());
    }
}
