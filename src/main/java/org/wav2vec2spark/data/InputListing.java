package org.wav2vec2spark.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The inputs of a transcription, found on the driver: recordings and archives under the given URIs,
 * as paths and sizes only.
 *
 * <p>A folder is searched recursively; files in it that are neither audio ({@code .flac}, {@code
 * .wav}) nor archives ({@code .tar}, {@code .tar.gz}, {@code .tgz}) are skipped and counted, since
 * folders of recordings usually hold transcripts, metadata and the like. A file named directly must
 * be one of those kinds. Hidden files and folders ({@code .name}, {@code _name}) are not searched.
 * A file found more than once (named twice, named and inside a named folder, or reached through a
 * symbolic link too) is listed once, under the first path found, so that each recording gets one
 * row.
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
        Gathered gathered = new Gathered();
        for (String uri : uris) {
            Path path = new Path(uri);
            FileSystem fs = HadoopFiles.fileSystemOf(conf, path, "Input");
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
                Path qualified = fs.makeQualified(path);
                gathered.add(
                        FolderWalk.identityOf(fs, qualified),
                        new InputFile(qualified.toString(), status.getLen(), kind));
            } else {
                FolderWalk.forEachFile(fs, fs.makeQualified(path), gathered);
            }
        }
        if (gathered.files.isEmpty()) {
            throw new IllegalArgumentException(
                    "No recordings (.flac, .wav) or archives (.tar, .tar.gz, .tgz) under "
                            + String.join(", ", uris)
                            + (gathered.skipped > 0
                                    ? " (" + gathered.skipped + " other files skipped)"
                                    : ""));
        }
        return new InputListing(
                List.copyOf(gathered.files.values()),
                gathered.skipped,
                gathered.found - gathered.files.size());
    }

    /**
     * The inputs found so far, each once under the identity that is the same for every path to it
     * ({@link FolderWalk.Found#identity}), taken as a walk finds them.
     */
    private static final class Gathered implements Consumer<FolderWalk.Found> {
        private final Map<String, InputFile> files = new LinkedHashMap<>();
        private long found;
        private long skipped;

        void add(String identity, InputFile file) {
            files.putIfAbsent(identity, file);
            found++;
        }

        @Override
        public void accept(FolderWalk.Found file) {
            var kind = InputKind.of(file.path().getName());
            if (kind.isPresent()) {
                add(
                        file.identity(),
                        new InputFile(file.path().toString(), file.length(), kind.get()));
            } else {
                skipped++;
            }
        }
    }

    /** Recordings listed directly, not inside archives. */
    public long audioFiles() {
        return files.stream().filter(f -> !f.isArchive()).count();
    }

    /** Archives listed. */
    public long archives() {
        return files.stream().filter(InputFile::isArchive).count();
    }
}
