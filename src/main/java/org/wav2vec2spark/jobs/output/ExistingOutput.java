package org.wav2vec2spark.jobs.output;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wav2vec2spark.data.HadoopFiles;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides what an evaluate or score run may do with an output folder that is already there: a
 * completed run's folder is refused unless {@code --overwrite}; one that holds only what a failed
 * or killed evaluate or score run leaves is replaced, with a warning; a folder holding anything
 * else is never taken for one, and never replaced, even with {@code --overwrite}. The replacement
 * itself is {@link OutputReplacement}'s.
 */
public final class ExistingOutput {
    private static final Logger LOG = LoggerFactory.getLogger(ExistingOutput.class);

    private ExistingOutput() {}

    /**
     * Checks the output folder before the run starts.
     *
     * @param conf the Hadoop configuration
     * @param outputUri the folder the run will write
     * @param overwrite whether {@code --overwrite} was given
     * @return whether there is a folder to replace once the input is checked: with {@code
     *     overwrite}, or one that holds no completed run; {@code false} when there is none, or it
     *     is empty, so that the run writes into it
     * @throws IllegalArgumentException when the folder holds a result and {@code overwrite} is not
     *     set, holds files no run writes and {@code overwrite} is set, or the output is a file
     *     (with or without {@code overwrite})
     * @throws IOException when the file system cannot be opened (naming {@code --output}), or an
     *     {@link OutputWriteException} when the folder cannot be read
     */
    public static boolean toReplace(Configuration conf, String outputUri, boolean overwrite)
            throws IOException {
        Path output = new Path(outputUri);
        FileSystem fs = HadoopFiles.fileSystemOf(conf, output, "--output");
        try {
            return toReplace(fs, outputUri, output, overwrite);
        } catch (IOException e) { // a folder that cannot be listed, say: the output's failure
            throw OutputWriteException.of(outputUri, e);
        }
    }

    private static boolean toReplace(
            FileSystem fs, String outputUri, Path output, boolean overwrite) throws IOException {
        if (!fs.exists(output)) {
            return false;
        }
        if (!fs.getFileStatus(output).isDirectory()) {
            // Not even --overwrite: it replaces an output folder, never someone's file.
            throw new IllegalArgumentException(
                    "--output " + outputUri + " is a file; give a folder for the run's outputs");
        }
        if (fs.listStatus(output).length == 0) {
            // Made ahead of the run, or the working directory (--output .): written into, not
            // moved aside, which would leave a shell in the moved folder.
            return false;
        }
        if (overwrite) {
            requireOnlyRunFiles(fs, outputUri, output);
            return true;
        }
        if (holdsNoResult(fs, output)) {
            LOG.warn(
                    "Replacing {}: it holds no completed run (no summary.json), as a failed or"
                            + " killed run leaves it",
                    outputUri);
            return true;
        }
        throw new IllegalArgumentException(
                "Output " + outputUri + " already exists; choose a new folder or pass --overwrite");
    }

    /**
     * Refuses to replace a folder holding files no run writes: {@code --overwrite} replaces an
     * earlier run's output, and a folder of recordings given by mistake ({@code --output
     * data/test-clean}, inside {@code --data data}) would otherwise be deleted once the run
     * succeeds.
     */
    private static void requireOnlyRunFiles(FileSystem fs, String outputUri, Path output)
            throws IOException {
        List<String> others = new ArrayList<>();
        for (FileStatus entry : fs.listStatus(output)) {
            String name = entry.getPath().getName();
            if (!writtenByRun(name)) {
                others.add(name);
            }
        }
        if (!others.isEmpty()) {
            throw new IllegalArgumentException(
                    "--output "
                            + outputUri
                            + " holds files no evaluate or score run writes ("
                            + FolderEntries.quoted(others)
                            + "); --overwrite replaces only an earlier run's output folder, so"
                            + " choose another --output");
        }
    }

    /** Whether a name is one a run writes in its output folder, or its checksum or temporary. */
    private static boolean writtenByRun(String name) {
        String file = checkedFile(name);
        return leftByUnfinishedRun(name)
                || file.equals(RunFolder.SUMMARY)
                || file.equals(ReportWriter.REPORT_FILE)
                || HadoopFiles.isTemporaryOf(file, ReportWriter.REPORT_FILE)
                || file.equals(ReportWriter.JSON_COPY);
    }

    /**
     * Refuses inputs that lie inside an output folder the run is about to replace: replacing moves
     * the folder aside before the run writes and deletes it afterwards, so the input would be gone
     * when the run reads it, and gone for good once it succeeds. Two spellings of one place count
     * as one: local paths through symbolic links, and a file system's address with and without its
     * default port ({@code hdfs://nn/} and {@code hdfs://nn:8020/}).
     *
     * @param conf the Hadoop configuration
     * @param outputUri the folder {@link #toReplace} said is to be replaced
     * @param option the option that gave the inputs, such as {@code --hyp}, for the message
     * @param inputUris the inputs that option names
     * @throws IllegalArgumentException naming the first input inside the folder
     * @throws IOException when a file system cannot be reached
     */
    public static void requireInputsOutside(
            Configuration conf, String outputUri, String option, List<String> inputUris)
            throws IOException {
        Path output = canonical(conf, outputUri);
        for (String input : inputUris) {
            for (Path p = canonical(conf, input); p != null; p = p.getParent()) {
                if (p.equals(output)) {
                    throw new IllegalArgumentException(
                            option
                                    + " "
                                    + input
                                    + " is inside the output folder "
                                    + outputUri
                                    + ", which this run would replace and delete; write the"
                                    + " output to another folder");
                }
            }
        }
    }

    /**
     * One spelling of a place: qualified, local paths with their links resolved (as far as they
     * exist), and a file system's address as Hadoop names its service (with the port).
     */
    private static Path canonical(Configuration conf, String uri) throws IOException {
        Path path = new Path(uri);
        FileSystem fs = path.getFileSystem(conf);
        URI qualified = fs.makeQualified(path).toUri();
        if ("file".equals(qualified.getScheme())) {
            // Not Path.toUri(), which ends an existing folder's URI with a slash.
            return fs.makeQualified(
                    new Path(withLinksResolved(java.nio.file.Path.of(qualified)).toString()));
        }
        // Hadoop's name for the service behind a file system (hdfs: its address with the port
        // written out); file systems without one are compared as qualified.
        String service = fs.getCanonicalServiceName();
        if (service == null) {
            return new Path(qualified);
        }
        try {
            return new Path(
                    new URI(
                            qualified.getScheme(),
                            service.toLowerCase(Locale.ROOT),
                            qualified.getPath(),
                            null,
                            null));
        } catch (URISyntaxException e) {
            throw new IOException("Cannot read " + uri + " as a URI: " + e.getMessage(), e);
        }
    }

    /** The real path of the deepest part that exists, with the rest of the path appended. */
    private static java.nio.file.Path withLinksResolved(java.nio.file.Path path)
            throws IOException {
        java.nio.file.Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing == null ? path : existing.toRealPath().resolve(existing.relativize(path));
    }

    /**
     * Whether a folder is empty or holds only what a run that did not finish leaves: results
     * without {@code summary.json} (written after them, by both jobs), and for the evaluate job's
     * {@code utterances/} also without {@code _SUCCESS} (the commit protocol's mark). Anything else
     * in it is not ours to delete.
     */
    static boolean holdsNoResult(FileSystem fs, Path output) throws IOException {
        if (!fs.getFileStatus(output).isDirectory()) {
            return false;
        }
        for (FileStatus entry : fs.listStatus(output)) {
            if (!leftByUnfinishedRun(entry.getPath().getName())) {
                return false;
            }
        }
        return !fs.exists(new Path(output, "utterances/_SUCCESS"));
    }

    /**
     * What a run that did not finish leaves in its output folder: its results (the evaluate job's
     * {@code utterances/}, the score job's {@code utterances.tsv}), the temporary files they and
     * {@code summary.json} are written through, and Hadoop's checksums of those files.
     */
    private static boolean leftByUnfinishedRun(String name) {
        String file = checkedFile(name);
        return file.equals(RunFolder.UTTERANCES)
                || file.equals(RunFolder.UTTERANCES_TSV)
                || HadoopFiles.isTemporaryOf(file, RunFolder.UTTERANCES_TSV)
                || HadoopFiles.isTemporaryOf(file, RunFolder.SUMMARY);
    }

    /**
     * The file a checksum file of the local file system ({@code .<name>.crc}) is of, or the name
     * itself when it is none.
     */
    private static String checkedFile(String name) {
        boolean checksum = name.startsWith(".") && name.endsWith(".crc");
        return checksum ? name.substring(1, name.length() - ".crc".length()) : name;
    }
}
