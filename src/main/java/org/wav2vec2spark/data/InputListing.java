package org.wav2vec2spark.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The inputs of a transcription, found on the driver: recordings and archives under the given URIs,
 * as paths and sizes only.
 *
 * <p>A folder is searched recursively; files in it that are neither audio ({@code .flac}, {@code
 * .wav}) nor archives ({@code .tar}, {@code .tar.gz}, {@code .tgz}) are skipped and counted, since
 * folders of recordings usually hold transcripts, metadata and the like. A file named directly must
 * be one of those kinds. Hidden files and folders ({@code .name}, {@code _name}) are not searched.
 * A file found more than once (named twice, or named and inside a named folder) is listed once, so
 * that each recording gets one row.
 *
 * @param files the recordings and archives found, each once, in listing order
 * @param skippedFiles files under the folders that are neither audio nor archives
 * @param duplicates files found again under another (or the same) URI and dropped
 */
public record InputListing(List<InputFile> files, long skippedFiles, long duplicates) {

    /**
     * Lists inputs.
     *
     * @param conf the Hadoop configuration to open the URIs with
     * @param uris folders or files (file:, hdfs:, s3a: ...)
     * @return what was found
     * @throws IOException when a URI does not exist or cannot be listed
     * @throws IllegalArgumentException when a file named directly has an unsupported extension, or
     *     nothing at all was found
     */
    public static InputListing list(Configuration conf, List<String> uris) throws IOException {
        List<InputFile> files = new ArrayList<>();
        long skipped = 0;
        for (String uri : uris) {
            Path path = new Path(uri);
            FileSystem fs = path.getFileSystem(conf);
            FileStatus status;
            try {
                status = fs.getFileStatus(path);
            } catch (FileNotFoundException e) {
                throw new FileNotFoundException("Input " + uri + " does not exist");
            }
            if (status.isFile()) {
                InputKind kind =
                        InputKind.of(path.getName())
                                .orElseThrow(
                                        () ->
                                                new IllegalArgumentException(
                                                        "Input "
                                                                + uri
                                                                + " is not a recording or archive:"
                                                                + " expected .flac, .wav, .tar,"
                                                                + " .tar.gz or .tgz (or only"
                                                                + " .parquet inputs, in Hugging"
                                                                + " Face's librispeech_asr"
                                                                + " layout)"));
                files.add(new InputFile(fs.makeQualified(path).toString(), status.getLen(), kind));
                continue;
            }
            Path root = fs.makeQualified(path);
            skipped +=
                    fs instanceof LocalFileSystem
                            ? walk(fs, root, files)
                            : listRecursively(fs, root, files);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException(
                    "No recordings (.flac, .wav) or archives (.tar, .tar.gz, .tgz) under "
                            + String.join(", ", uris)
                            + (skipped > 0 ? " (" + skipped + " other files skipped)" : ""));
        }
        // Qualified, normalised URIs: the same file reached twice has the same one.
        Map<String, InputFile> distinct = new LinkedHashMap<>();
        files.forEach(f -> distinct.putIfAbsent(f.uri(), f));
        return new InputListing(
                List.copyOf(distinct.values()), skipped, files.size() - distinct.size());
    }

    /** Recordings listed directly, not inside archives. */
    public long audioFiles() {
        return files.stream().filter(f -> !f.isArchive()).count();
    }

    /** Archives listed. */
    public long archives() {
        return files.stream().filter(InputFile::isArchive).count();
    }

    /**
     * Adds the recordings and archives below a folder with {@code listFiles}, which object stores
     * (S3A) answer with one flat listing instead of a request per folder.
     */
    private static long listRecursively(FileSystem fs, Path root, List<InputFile> files)
            throws IOException {
        long skipped = 0;
        String rootPath = root.toUri().getPath();
        RemoteIterator<LocatedFileStatus> found = fs.listFiles(root, true);
        while (found.hasNext()) {
            LocatedFileStatus file = found.next();
            if (hiddenBelow(rootPath, file.getPath().toUri().getPath())) {
                continue;
            }
            var kind = InputKind.of(file.getPath().getName());
            if (kind.isPresent()) {
                files.add(new InputFile(file.getPath().toString(), file.getLen(), kind.get()));
            } else {
                skipped++;
            }
        }
        return skipped;
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

    /**
     * Adds the recordings and archives below a local folder; returns how many other files it
     * skipped. Walks with plain listStatus rather than listFiles: on the local file system the
     * located statuses listFiles builds read each file's permissions by starting a process (about
     * 350 files a second); names and sizes need no more than the listing (20000 files a second).
     */
    private static long walk(FileSystem fs, Path folder, List<InputFile> files) throws IOException {
        long skipped = 0;
        ArrayDeque<Path> pending = new ArrayDeque<>();
        pending.add(folder);
        while (!pending.isEmpty()) {
            RemoteIterator<FileStatus> entries = fs.listStatusIterator(pending.poll());
            while (entries.hasNext()) {
                FileStatus entry = entries.next();
                String name = entry.getPath().getName();
                if (InputKind.isHiddenName(name)) {
                    continue;
                }
                if (entry.isDirectory()) {
                    pending.add(entry.getPath());
                    continue;
                }
                var kind = InputKind.of(name);
                if (kind.isPresent()) {
                    files.add(
                            new InputFile(entry.getPath().toString(), entry.getLen(), kind.get()));
                } else {
                    skipped++;
                }
            }
        }
        return skipped;
    }
}
