package org.wav2vec2spark.jobs.output;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wav2vec2spark.data.HadoopFiles;
import org.wav2vec2spark.jobs.executor.TranscriptRows;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runs in a transcribe output folder: each run writes {@code run=<n>/} through Spark's commit
 * protocol, which creates {@code _SUCCESS} only once every task's output is in place.
 *
 * <p>A run folder without {@code _SUCCESS} is what a crashed or killed run leaves; it never counts
 * as done, and {@link #scan} deletes it so that reading the whole output folder (Spark sees {@code
 * run} as a partition column) shows only complete runs. One job at a time may write to an output
 * folder, so the job scans it holding its {@link OutputLock}.
 */
public final class OutputRuns {
    private static final Logger LOG = LoggerFactory.getLogger(OutputRuns.class);
    private static final Pattern RUN = Pattern.compile("run=(\\d+)");

    /**
     * Names a table writer leaves at the top of its table, and a transcribe output never holds:
     * Spark's and Hadoop's committers' {@code _SUCCESS} (transcribe's is inside each run), Spark
     * streaming's sink log, Delta Lake's and Apache Hudi's metadata.
     */
    private static final Set<String> TABLE_MARKERS =
            Set.of("_SUCCESS", "_spark_metadata", "_delta_log", ".hoodie");

    private final String outputUri;
    private final List<String> committed;
    private final int nextRun;

    private OutputRuns(String outputUri, List<String> committed, int nextRun) {
        this.outputUri = outputUri;
        this.committed = committed;
        this.nextRun = nextRun;
    }

    /**
     * Finds the committed runs and removes incomplete ones, in an output that {@link
     * #requireOutputFolder} has accepted.
     *
     * @throws IllegalArgumentException when the folder holds anything but runs (an evaluate run's
     *     results, say): the runs would be mixed into it, and reading the folder as one table would
     *     read the rest too
     */
    public static OutputRuns scan(Configuration conf, String outputUri) throws IOException {
        Path output = new Path(outputUri);
        FileSystem fs = output.getFileSystem(conf);
        List<String> committed = new ArrayList<>();
        int highest = 0;
        if (fs.exists(output)) {
            FileStatus[] entries = fs.listStatus(output);
            requireOnlyRuns(outputUri, entries);
            for (FileStatus status : entries) {
                Matcher m = RUN.matcher(status.getPath().getName());
                if (!status.isDirectory() || !m.matches()) {
                    continue;
                }
                highest = Math.max(highest, Integer.parseInt(m.group(1)));
                if (fs.exists(new Path(status.getPath(), "_SUCCESS"))) {
                    committed.add(status.getPath().toString());
                } else {
                    LOG.warn(
                            "Deleting {}: it has no _SUCCESS, so the run that wrote it did not"
                                    + " finish",
                            status.getPath());
                    fs.delete(status.getPath(), true);
                }
            }
        }
        return new OutputRuns(outputUri, List.copyOf(committed), highest + 1);
    }

    /**
     * Refuses an output that cannot hold runs, before anything is written to it: a file, a folder
     * below a file, one run of another output, or a folder that holds more than runs.
     *
     * @throws IllegalArgumentException naming the output and what is wrong with it
     */
    public static void requireOutputFolder(Configuration conf, String outputUri)
            throws IOException {
        Path output = new Path(outputUri);
        if (RUN.matcher(output.getName()).matches() && output.getParent() != null) {
            // The run folder a Results line used to print, given back to resume; a run written
            // inside it would go with it when a later job on its folder deleted it unfinished.
            throw new IllegalArgumentException(
                    "--output "
                            + outputUri
                            + " is one run of a transcribe output; give its folder, "
                            + output.getParent()
                            + ", to add a run to it");
        }
        FileSystem fs = output.getFileSystem(conf);
        if (fs.exists(output)) {
            if (!fs.getFileStatus(output).isDirectory()) {
                throw new IllegalArgumentException("--output " + outputUri + " is a file");
            }
            requireOnlyRuns(outputUri, fs.listStatus(output));
            return;
        }
        FileStatus nearest = HadoopFiles.nearestExistingAncestor(fs, output);
        if (nearest != null && !nearest.isDirectory()) {
            throw new IllegalArgumentException(
                    "--output "
                            + outputUri
                            + " cannot be made: "
                            + nearest.getPath()
                            + " is a file");
        }
    }

    /**
     * Refuses a folder that holds anything but runs, before any run in it is touched. A table
     * partitioned by a {@code run} column ({@code partitionBy("run")}) has folders named as runs
     * are, without a {@code _SUCCESS} of their own: its marker beside them says whose they are,
     * where {@link #scan} would otherwise delete them as runs that did not finish.
     */
    private static void requireOnlyRuns(String outputUri, FileStatus[] entries) {
        List<String> others = new ArrayList<>();
        for (FileStatus status : entries) {
            String name = status.getPath().getName();
            if (TABLE_MARKERS.contains(name)) {
                throw new IllegalArgumentException(
                        "--output "
                                + outputUri
                                + " holds "
                                + name
                                + ", so it is a table another job wrote (its run=<n>/ folders,"
                                + " if any, are partitions of it, not transcribe runs);"
                                + " transcribe adds run=<n>/ folders to a folder of its own, so"
                                + " choose another --output");
            }
            // Other hidden names (checksums, a file system's own) are no one's content.
            boolean hidden = name.startsWith(".") || name.startsWith("_");
            if (!hidden && !(status.isDirectory() && RUN.matcher(name).matches())) {
                others.add(name);
            }
        }
        if (!others.isEmpty()) {
            throw new IllegalArgumentException(
                    "--output "
                            + outputUri
                            + " holds more than transcribe runs ("
                            + FolderEntries.quoted(others)
                            + "); transcribe adds run=<n>/ folders to a folder of its own, so"
                            + " choose another --output");
        }
    }

    /** The folder the next run writes. */
    public String nextRunUri() {
        return outputUri + (outputUri.endsWith("/") ? "" : "/") + "run=" + nextRun;
    }

    /**
     * The recordings committed runs transcribed; failed ones are not included, so a rerun tries
     * them again.
     *
     * @param spark the session to read the runs with
     * @param modelId the model this run transcribes with ({@code model.json}'s id)
     * @param wordTimes whether this run adds word times ({@code --word-times})
     * @throws IllegalArgumentException when a committed run transcribed with another model, or with
     *     word times where this run has none or the other way round: its recordings would be
     *     skipped as done, and the folder would mix two kinds of transcript
     * @throws IOException when a committed run cannot be read, naming it and the innermost cause
     */
    public TranscribedRecordings transcribed(SparkSession spark, String modelId, boolean wordTimes)
            throws IOException {
        TranscribedRecordings.Merger merger = new TranscribedRecordings.Merger();
        if (committed.isEmpty()) {
            return merger.merged();
        }
        // All runs in one job: three jobs per run (the schema read from a footer, the first row,
        // the keys) cost 0.16-0.35 s a run, a minute or two to resume a year of daily runs.
        Dataset<Row> ok;
        List<CommittedPart> parts;
        try {
            Dataset<Row> rows = readCommitted(spark);
            ok = rows.filter(rows.col("status").equalTo(TranscriptRows.OK));
            // Each partition comes back as digests of its keys: the rows, or the keys as strings,
            // took about 188 bytes a key on the driver (3 million outgrew a 1 GB heap).
            parts =
                    ok.select(
                                    ok.col("source"),
                                    ok.col("member"),
                                    ok.col("model_id"),
                                    ok.col("words").isNotNull())
                            .javaRDD()
                            .mapPartitions(
                                    part ->
                                            List.of(CommittedPart.of(part, modelId, wordTimes))
                                                    .iterator())
                            .collect();
        } catch (Exception e) { // SparkException is checked, though Scala does not say so
            throw unreadable(e);
        }
        if (parts.stream().anyMatch(CommittedPart::foreign)) {
            throw foreign(firstForeignRow(ok, modelId, wordTimes), modelId, wordTimes);
        }
        parts.forEach(part -> merger.add(part.recordings()));
        return merger.merged();
    }

    /**
     * The file, model id and word-times choice of the first {@code ok} row of another model or
     * word-times choice: asked only once the one job found one, to name its run.
     */
    private List<Row> firstForeignRow(Dataset<Row> ok, String modelId, boolean wordTimes)
            throws IOException {
        Column hasWords = ok.col("words").isNotNull();
        try {
            // Null-safe: a row without a model id is foreign too.
            return ok.filter(
                            functions
                                    .not(ok.col("model_id").eqNullSafe(modelId))
                                    .or(hasWords.notEqual(wordTimes)))
                    .select(functions.input_file_name(), ok.col("model_id"), hasWords)
                    .takeAsList(1);
        } catch (Exception e) { // SparkException is checked, though Scala does not say so
            throw unreadable(e);
        }
    }

    /** The committed runs' rows as one table, each run read in the format it was written in. */
    private Dataset<Row> readCommitted(SparkSession spark) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Map<String, List<String>> runsByFormat = new TreeMap<>();
        for (String run : committed) {
            runsByFormat.computeIfAbsent(formatOf(conf, run), f -> new ArrayList<>()).add(run);
        }
        Dataset<Row> all = null;
        for (Map.Entry<String, List<String>> entry : runsByFormat.entrySet()) {
            Dataset<Row> rows = read(spark, entry.getKey(), entry.getValue());
            all = all == null ? rows : all.unionByName(rows);
        }
        return all;
    }

    /**
     * The refusal of an output holding runs of another model or word-times choice, naming the first
     * such run: its recordings would be skipped as done, and the folder would mix two kinds of
     * transcript.
     */
    private IllegalArgumentException foreign(List<Row> first, String modelId, boolean wordTimes) {
        if (first.isEmpty()) { // the runs changed between the two reads
            return mixed(
                    "--model "
                            + modelId
                            + (wordTimes ? " with" : " without")
                            + " word times does not match",
                    "a committed run holds rows of another model or word-times choice");
        }
        Row row = first.get(0);
        String name = new Path(row.getString(0)).getParent().getName();
        String model = row.isNullAt(1) ? "no model id" : row.getString(1);
        if (!modelId.equals(model)) {
            return mixed(
                    "--model " + modelId + " is not the model of",
                    name + " was transcribed with " + model);
        }
        return mixed(
                (wordTimes ? "--word-times" : "Leaving out --word-times") + " does not match",
                name + " was written " + (wordTimes ? "without" : "with") + " them");
    }

    /**
     * A committed run that cannot be read: which of its recordings are done is unknown, so nothing
     * is transcribed. The innermost cause names the file (Spark wraps it in several layers), and
     * the run is named when a message in the chain holds its path.
     */
    private IOException unreadable(Exception e) {
        Throwable root = e;
        String run = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            root = t;
            run = run != null ? run : runNamedIn(String.valueOf(t.getMessage()));
        }
        return new IOException(
                "Cannot read "
                        + (run == null ? "the committed runs" : "the committed run " + run)
                        + " of "
                        + outputUri
                        + " ("
                        + root.getClass().getSimpleName()
                        + ": "
                        + root.getMessage()
                        + "); its rows say which recordings are done, so nothing was transcribed."
                        + " If a file of it is damaged, restore it, or delete the run's folder to"
                        + " transcribe its recordings again",
                e);
    }

    /** The name of the committed run whose folder a message names, or null. */
    private String runNamedIn(String message) {
        for (String run : committed) {
            if (message.contains(new Path(run).toUri().getPath() + "/")) {
                return new Path(run).getName();
            }
        }
        return null;
    }

    private IllegalArgumentException mixed(String what, String why) {
        return new IllegalArgumentException(
                what
                        + " the runs already in "
                        + outputUri
                        + " ("
                        + why
                        + "); one output folder holds one model's transcripts of one kind, so"
                        + " choose another --output");
    }

    /**
     * Refuses a format other than the committed runs': Spark cannot read a folder mixing Parquet
     * and JSON lines as one table.
     *
     * @param format {@code parquet} or {@code jsonl}, as {@code --format} takes it
     * @throws IllegalArgumentException naming both formats and the output folder
     */
    public void requireFormat(Configuration conf, String format) {
        for (String run : committed) {
            String written = formatOf(conf, run);
            if (!written.equals(format)) {
                throw new IllegalArgumentException(
                        "--format "
                                + format
                                + " differs from the format of the runs already in "
                                + outputUri
                                + " ("
                                + new Path(run).getName()
                                + " is "
                                + written
                                + "); one output folder holds one format, so rerun with --format "
                                + written
                                + " or choose another --output");
            }
        }
    }

    /**
     * Refuses chunking other than the committed runs' ({@link RunChunking}): the folder would mix
     * transcripts whose words at window edges were found in two ways. Runs that record no chunking
     * are not checked.
     *
     * @throws IllegalArgumentException naming both chunkings and the output folder
     * @throws IOException when a run's record cannot be read
     */
    public void requireChunking(Configuration conf, RunChunking chunking) throws IOException {
        for (String run : committed) {
            RunChunking written = RunChunking.readFrom(conf, run);
            if (written != null && !written.equals(chunking)) {
                throw new IllegalArgumentException(
                        chunking.asOptions()
                                + " differs from the chunking of the runs already in "
                                + outputUri
                                + " ("
                                + new Path(run).getName()
                                + " used "
                                + written.asOptions()
                                + "); one output folder holds transcripts of one chunking, so"
                                + " rerun with "
                                + written.asOptions()
                                + " or choose another --output");
            }
        }
    }

    /** One run's rows, in whichever format that run was written. */
    public static Dataset<Row> read(SparkSession spark, String runUri) {
        String format = formatOf(spark.sparkContext().hadoopConfiguration(), runUri);
        return read(spark, format, List.of(runUri));
    }

    /**
     * The rows of runs written in one format, read with their schema given: read from a Parquet
     * footer, it took a Spark job of its own.
     */
    private static Dataset<Row> read(SparkSession spark, String format, List<String> runUris) {
        DataFrameReader reader = spark.read().schema(TranscriptRows.SCHEMA);
        String[] runs = runUris.toArray(String[]::new);
        return format.equals("parquet") ? reader.parquet(runs) : reader.json(runs);
    }

    /** {@code parquet} when a run folder holds a Parquet file, else {@code jsonl}. */
    private static String formatOf(Configuration conf, String runUri) {
        try {
            Path run = new Path(runUri);
            FileSystem fs = run.getFileSystem(conf);
            for (FileStatus file : fs.listStatus(run)) {
                if (file.getPath().getName().endsWith(".parquet")) {
                    return "parquet";
                }
            }
            return "jsonl";
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list " + runUri + ": " + e.getMessage(), e);
        }
    }
}
