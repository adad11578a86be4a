package org.wav2vec2spark.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which form the evaluate job's {@code --data} is in, decided on the driver from paths alone.
 *
 * <ul>
 *   <li>{@link Form#ARCHIVES}: one or more {@code .tar}, {@code .tar.gz} or {@code .tgz} files
 *       (comma-separated), or a folder holding such files directly, e.g. OpenSLR's {@code
 *       test-clean.tar.gz} as downloaded;
 *   <li>{@link Form#PARQUET}: one or more {@code .parquet} files or folders holding {@code
 *       .parquet} files directly, in Hugging Face's librispeech_asr layout;
 *   <li>{@link Form#FOLDER}: anything else, a LibriSpeech data root listed by {@link
 *       LibriSpeechListing} (which reports a missing root).
 * </ul>
 *
 * @param form the form
 * @param archives the archives, each once, for {@link Form#ARCHIVES}; else empty
 * @param parquetFiles the Parquet files' URIs, each once, for {@link Form#PARQUET}; else empty
 */
public record EvaluationData(Form form, List<InputFile> archives, List<String> parquetFiles) {

    private static final Logger LOG = LoggerFactory.getLogger(EvaluationData.class);

    /** The forms of evaluation data. */
    public enum Form {
        /** A LibriSpeech data root with split folders. */
        FOLDER,
        /** LibriSpeech tar or tar.gz archives. */
        ARCHIVES,
        /** Hugging Face librispeech_asr Parquet files. */
        PARQUET
    }

    /**
     * Splits {@code --data} into the locations it names.
     *
     * @param data the option's value: one URI, or several separated by commas
     * @return each comma-separated entry, stripped of surrounding white space, in order
     */
    public static List<String> locations(String data) {
        return Arrays.stream(data.split(",")).map(String::strip).toList();
    }

    /**
     * Decides the form of {@code --data}.
     *
     * @param conf the Hadoop configuration
     * @param data the option's value: one URI, or several separated by commas
     * @throws IllegalArgumentException when URIs of different forms are mixed, or a file is of none
     * @throws IOException when a URI cannot be read
     */
    public static EvaluationData detect(Configuration conf, String data) throws IOException {
        List<String> uris = locations(data);
        List<InputFile> archives = new ArrayList<>();
        List<String> parquet = new ArrayList<>();
        int folders = 0;
        for (String uri : uris) {
            Path path = new Path(uri);
            FileSystem fs = HadoopFiles.fileSystemOf(conf, path, "--data");
            if (!fs.exists(path)) {
                if (uris.size() == 1) {
                    return folder(); // LibriSpeechListing says it does not exist
                }
                throw new IllegalArgumentException("--data " + uri + " does not exist");
            }
            FileStatus status = fs.getFileStatus(path);
            FileStatus[] entries = status.isFile() ? new FileStatus[0] : fs.listStatus(path);
            List<FileStatus> files =
                    status.isFile()
                            ? List.of(status)
                            : Arrays.stream(entries)
                                    .filter(FileStatus::isFile)
                                    .filter(f -> !InputKind.isHiddenName(f.getPath().getName()))
                                    .sorted(Comparator.comparing(FileStatus::getPath))
                                    .toList();
            int before = archives.size() + parquet.size();
            for (FileStatus file : files) {
                String name = file.getPath().getName();
                var kind = InputKind.of(name).filter(k -> k != InputKind.AUDIO);
                if (kind.isPresent()) {
                    archives.add(
                            new InputFile(
                                    fs.makeQualified(file.getPath()).toString(),
                                    file.getLen(),
                                    kind.get()));
                } else if (isParquet(name)) {
                    parquet.add(fs.makeQualified(file.getPath()).toString());
                }
            }
            if (status.isFile() && archives.size() + parquet.size() == before) {
                throw new IllegalArgumentException(
                        "--data "
                                + uri
                                + " is a file but not an archive or Parquet: expected .tar,"
                                + " .tar.gz, .tgz or .parquet");
            }
            // A folder of only .tar.xz files, too: it would be taken for a LibriSpeech root.
            checkOtherArchives(files, uri);
            if (archives.size() + parquet.size() == before) {
                folders++;
            } else if (status.isDirectory()) {
                checkSubfolders(fs, entries, uri);
            }
        }
        if (archives.isEmpty() && parquet.isEmpty()) {
            if (uris.size() > 1) {
                throw new IllegalArgumentException(
                        "--data takes one LibriSpeech data root, got " + uris.size() + ": " + data);
            }
            return folder();
        }
        if (folders > 0 || (!archives.isEmpty() && !parquet.isEmpty())) {
            throw new IllegalArgumentException(
                    "--data mixes forms: "
                            + archives.size()
                            + " archive(s), "
                            + parquet.size()
                            + " Parquet file(s) and "
                            + folders
                            + " folder(s) with neither in "
                            + data
                            + "; give archives, Parquet or one LibriSpeech root");
        }
        // Qualified URIs: a file named twice, or named and in a named folder, is read once, or
        // each of its utterances would be counted twice.
        return archives.isEmpty()
                ? new EvaluationData(Form.PARQUET, List.of(), parquet.stream().distinct().toList())
                : new EvaluationData(
                        Form.ARCHIVES, archives.stream().distinct().toList(), List.of());
    }

    /**
     * A folder of archives or Parquet is read for its files alone. A split folder beside them
     * (test-other/ next to test-clean.tar.gz, or Hugging Face's test.other/ of Parquet files) would
     * be passed over, its utterances missing from the run without a word, so it is refused: one
     * named as a LibriSpeech split, or holding audio, archives or Parquet itself. Other folders
     * (LibriSpeech/ unpacked from the archives beside it, lost+found) are named in a warning.
     */
    private static void checkSubfolders(FileSystem fs, FileStatus[] entries, String uri)
            throws IOException {
        List<Path> subfolders =
                Arrays.stream(entries)
                        .filter(FileStatus::isDirectory)
                        .map(FileStatus::getPath)
                        .filter(folder -> !InputKind.isHiddenName(folder.getName()))
                        .sorted()
                        .toList();
        List<String> splits = new ArrayList<>();
        for (Path folder : subfolders) {
            if (LibriSpeechLayout.isSplitName(folder.getName()) || holdsData(fs, folder)) {
                splits.add(folder.getName());
            }
        }
        if (!splits.isEmpty()) {
            throw new IllegalArgumentException(
                    "--data "
                            + uri
                            + " holds archives or Parquet files and also the split folder(s) "
                            + String.join(", ", splits)
                            + ", which would not be read; name the files to read (commas separate"
                            + " several), or the one LibriSpeech root to read instead");
        }
        if (!subfolders.isEmpty()) {
            LOG.warn(
                    "--data {}: reading its archives or Parquet files; its folder(s) {} are not"
                            + " read",
                    uri,
                    String.join(", ", subfolders.stream().map(Path::getName).toList()));
        }
    }

    /**
     * A folder of archives is read for the ones this job reads; an archive in another format beside
     * them ({@code test-other.tar.xz}, a {@code .zip}) would be passed over and its split be
     * missing from the run without a word, so it is refused.
     */
    private static void checkOtherArchives(List<FileStatus> files, String uri) {
        List<String> unreadable =
                files.stream()
                        .map(file -> file.getPath().getName())
                        .filter(name -> OTHER_ARCHIVE.matcher(name).find())
                        .toList();
        if (!unreadable.isEmpty()) {
            throw new IllegalArgumentException(
                    "--data "
                            + uri
                            + " holds "
                            + String.join(
                                    ", ", unreadable.subList(0, Math.min(5, unreadable.size())))
                            + (unreadable.size() > 5
                                    ? " and " + (unreadable.size() - 5) + " more"
                                    : "")
                            + ": archives in a format this job does not read (it reads .tar,"
                            + " .tar.gz, .tgz and .parquet); unpack them or pack them as .tar.gz");
        }
    }

    /** Whether a folder holds audio, archives or Parquet files itself (not in its subfolders). */
    static boolean holdsData(FileSystem fs, Path folder) throws IOException {
        for (FileStatus file : fs.listStatus(folder)) {
            String name = file.getPath().getName();
            if (file.isFile()
                    && !InputKind.isHiddenName(name)
                    && (InputKind.of(name).isPresent() || isParquet(name))) {
                return true;
            }
        }
        return false;
    }

    /** Archive formats other than tar and tar.gz, by their file name. */
    private static final Pattern OTHER_ARCHIVE =
            Pattern.compile(
                    "\\.(tar\\.(xz|bz2|zst|lz4|lzma)|txz|tbz2?|tzst|zip|7z|rar)$",
                    Pattern.CASE_INSENSITIVE);

    private static boolean isParquet(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".parquet");
    }

    private static EvaluationData folder() {
        return new EvaluationData(Form.FOLDER, List.of(), List.of());
    }
}
