package org.wav2vec2spark.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The files of a LibriSpeech data root, found by listing on the driver: paths and sizes only, never
 * file contents.
 *
 * @param rootUri the data root, the folder holding the split folders
 * @param splits the split folders listed that hold audio or transcripts (without {@code --splits},
 *     other folders are passed over with a warning naming them)
 * @param audioFiles FLAC files that follow the layout
 * @param transcriptFiles chapter transcripts that follow the layout
 * @param misplacedFiles FLAC or transcript files whose path does not follow the layout
 */
public record LibriSpeechListing(
        String rootUri,
        List<String> splits,
        List<ListedFile> audioFiles,
        List<ListedFile> transcriptFiles,
        List<ListedFile> misplacedFiles)
        implements Serializable {
    private static final Logger LOG = LoggerFactory.getLogger(LibriSpeechListing.class);

    /**
     * Lists the given splits under a data root.
     *
     * @param conf the Hadoop configuration to open the root with
     * @param rootUri the data root, e.g. {@code hdfs:///data/LibriSpeech}
     * @param requestedSplits split folder names; empty means every folder under the root
     * @throws IOException when the root or a requested split does not exist, or a requested split
     *     holds no audio or transcripts
     */
    public static LibriSpeechListing list(
            Configuration conf, String rootUri, List<String> requestedSplits) throws IOException {
        Path root = new Path(rootUri);
        FileSystem fs = root.getFileSystem(conf);
        if (!fs.exists(root) || !fs.getFileStatus(root).isDirectory()) {
            throw new FileNotFoundException(
                    "Data root " + rootUri + " does not exist or is not a folder");
        }
        Path qualifiedRoot = fs.makeQualified(root);
        List<String> available = splitFolders(fs, qualifiedRoot);
        // A split named twice is listed once, or each of its utterances would count twice.
        List<String> splits =
                requestedSplits.isEmpty()
                        ? available
                        : requestedSplits.stream().distinct().toList();
        for (String split : splits) {
            if (!available.contains(split)) {
                throw new FileNotFoundException(
                        "Split '"
                                + split
                                + "' not found under "
                                + rootUri
                                + "; found: "
                                + (available.isEmpty()
                                        ? "no split folders"
                                        : String.join(", ", available)));
            }
        }
        List<ListedFile> audio = new ArrayList<>();
        List<ListedFile> transcripts = new ArrayList<>();
        List<ListedFile> misplaced = new ArrayList<>();
        String rootPrefix = qualifiedRoot.toUri().getPath();
        List<String> empty = new ArrayList<>();
        for (String split : splits) {
            int found = audio.size() + transcripts.size() + misplaced.size();
            for (FolderWalk.Found file : FolderWalk.files(fs, new Path(qualifiedRoot, split))) {
                String relative = relativePath(rootPrefix, file.path());
                ListedFile listed = new ListedFile(relative, file.length());
                if (LibriSpeechLayout.isTranscriptFile(relative)) {
                    (LibriSpeechLayout.parseTranscriptPath(relative).isPresent()
                                    ? transcripts
                                    : misplaced)
                            .add(listed);
                } else if (LibriSpeechLayout.isAudioFile(relative)) {
                    (LibriSpeechLayout.parseAudioPath(relative).isPresent() ? audio : misplaced)
                            .add(listed);
                }
            }
            if (audio.size() + transcripts.size() + misplaced.size() == found) {
                empty.add(split);
            }
        }
        if (!requestedSplits.isEmpty() && !empty.isEmpty() && empty.size() < splits.size()) {
            // Found now, not once the other splits have been evaluated (for hours, maybe): a
            // folder still being unpacked, or one unpacked elsewhere.
            throw new FileNotFoundException(
                    "No FLAC audio or .trans.txt transcripts in the requested split(s) "
                            + String.join(", ", empty)
                            + " under "
                            + rootUri
                            + "; expected "
                            + LibriSpeechLayout.AUDIO_PATTERN);
        }
        List<String> listed = new ArrayList<>(splits);
        if (requestedSplits.isEmpty() && !empty.isEmpty() && empty.size() < splits.size()) {
            // Not asked for by name, an empty folder may be no split at all; but it may be one
            // still being copied, so it is named rather than passed over without a word.
            LOG.warn(
                    "{} under {} holds no FLAC audio or .trans.txt transcripts and is passed over;"
                            + " if it is a split still being copied or unpacked, wait for it, or"
                            + " give --splits to say which splits the run must hold",
                    String.join(", ", empty),
                    rootUri);
            listed.removeAll(empty);
        }
        if (audio.isEmpty() && transcripts.isEmpty()) {
            throw new FileNotFoundException(
                    "No FLAC audio or .trans.txt transcripts under "
                            + rootUri
                            + (splits.isEmpty()
                                    ? ", which holds no split folders"
                                    : " in split(s) " + String.join(", ", splits))
                            + "; expected "
                            + LibriSpeechLayout.AUDIO_PATTERN
                            + rootHint(root, available));
        }
        return new LibriSpeechListing(
                fs.makeQualified(root).toString(),
                List.copyOf(listed),
                List.copyOf(audio),
                List.copyOf(transcripts),
                List.copyOf(misplaced));
    }

    /**
     * What the user likely meant when the data root holds no audio in the layout: the folder above
     * the split folders, or the one below.
     */
    private static String rootHint(Path root, List<String> folders) {
        if (folders.contains("LibriSpeech")) {
            return "; the data root is the folder holding the split folders: did you mean --data "
                    + new Path(root, "LibriSpeech")
                    + "?";
        }
        if (!folders.isEmpty() && folders.stream().allMatch(f -> f.matches("\\d+"))) {
            // Numbered folders are speakers: the root is a split folder itself.
            return "; "
                    + root
                    + " looks like a split folder (its folders are numbered like speakers): did"
                    + " you mean --data "
                    + root.getParent()
                    + " --splits "
                    + root.getName()
                    + "?";
        }
        return "";
    }

    /** The URI of a listed file. */
    public String uriOf(ListedFile file) {
        return uriOf(file.relativePath());
    }

    /** The URI of a path relative to the root. */
    public String uriOf(String relativePath) {
        return uriOf(rootUri, relativePath);
    }

    /**
     * The URI of a listed file under a data root, for code on executors that should carry the root
     * only, not the whole listing.
     *
     * @param rootUri a listing's {@link #rootUri()}
     * @param file a file of that listing
     * @return the file's URI
     */
    public static String uriOf(String rootUri, ListedFile file) {
        return uriOf(rootUri, file.relativePath());
    }

    /**
     * The URI of a path relative to a data root.
     *
     * @param rootUri a listing's {@link #rootUri()}
     * @param relativePath a path below it
     * @return the path's URI
     */
    public static String uriOf(String rootUri, String relativePath) {
        return rootUri + (rootUri.endsWith("/") ? "" : "/") + relativePath;
    }

    private static List<String> splitFolders(FileSystem fs, Path root) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        for (FileStatus status : fs.listStatus(root)) {
            String name = status.getPath().getName();
            if (status.isDirectory() && !name.startsWith(".") && !name.startsWith("_")) {
                names.add(name);
            }
        }
        return List.copyOf(names);
    }

    private static String relativePath(String rootPrefix, Path file) {
        String path = file.toUri().getPath();
        String prefix = rootPrefix.endsWith("/") ? rootPrefix : rootPrefix + "/";
        if (!path.startsWith(prefix)) {
            throw new IllegalStateException("Listed file " + path + " is not below " + prefix);
        }
        return path.substring(prefix.length());
    }
}
