package org.wav2vec2spark.data;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import scala.Tuple2;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads Parquet in Hugging Face's librispeech_asr layout ({@link HfParquetLayout}) with Spark's
 * Parquet reader: executors read the rows, audio bytes included; the driver lists file paths and
 * reads footers only.
 *
 * <p>The datasets this returns carry audio bytes and are meant to be consumed by the job's {@code
 * mapPartitions} in the same task, not cached, collected or shuffled. Spark splits the files into
 * tasks by row group and {@code spark.sql.files.maxPartitionBytes} (128 MB by default).
 */
public final class HfParquetSource {

    /** The column Spark's file sources fill with each row's file. */
    private static final String FILE = "_metadata.file_path";

    /** The column Spark's Parquet source fills with each row's index in its file. */
    private static final String ROW_INDEX = "_metadata.row_index";

    private static final Logger LOG = LoggerFactory.getLogger(HfParquetSource.class);

    private HfParquetSource() {}

    /**
     * The Parquet files among the transcribe job's inputs: {@code .parquet} files named directly,
     * and those directly inside named folders.
     *
     * @param conf the Hadoop configuration
     * @param uris inputs (files or folders)
     * @return the Parquet files' URIs, sorted; empty when no input holds Parquet
     * @throws IllegalArgumentException when some inputs hold Parquet and others do not, or a folder
     *     holds Parquet beside recordings, archives or folders, which would not be read
     */
    public static List<String> findFiles(Configuration conf, List<String> uris) throws IOException {
        List<String> files = new ArrayList<>();
        List<String> withoutParquet = new ArrayList<>();
        for (String uri : uris) {
            Path path = new Path(uri);
            FileSystem fs = HadoopFiles.fileSystemOf(conf, path, "Input");
            if (!fs.exists(path)) {
                throw new FileNotFoundException("Input " + uri + " does not exist");
            }
            FileStatus status = fs.getFileStatus(path);
            List<FileStatus> entries =
                    status.isFile() ? List.of(status) : Arrays.asList(fs.listStatus(path));
            List<String> found =
                    entries.stream()
                            .filter(FileStatus::isFile)
                            .map(FileStatus::getPath)
                            .filter(p -> isParquet(p.getName()))
                            .sorted(Comparator.naturalOrder())
                            .map(p -> fs.makeQualified(p).toString())
                            .toList();
            if (found.isEmpty()) {
                withoutParquet.add(uri);
            } else {
                requireOnlyParquet(fs, uri, entries);
                files.addAll(found);
            }
        }
        if (!files.isEmpty() && !withoutParquet.isEmpty()) {
            throw new IllegalArgumentException(
                    "Inputs mix Parquet with other data: "
                            + String.join(", ", withoutParquet)
                            + " hold no .parquet files; give Parquet inputs in a run of their own");
        }
        return List.copyOf(files);
    }

    /**
     * A folder read for its Parquet files must hold nothing else a run would read: its recordings,
     * archives, and subfolders holding data ({@link EvaluationData#holdsData}) would be passed over
     * without a word. Other subfolders are named in a warning, as the evaluate job names them.
     */
    private static void requireOnlyParquet(FileSystem fs, String uri, List<FileStatus> entries)
            throws IOException {
        List<String> unread = new ArrayList<>();
        List<String> otherFolders = new ArrayList<>();
        for (FileStatus entry : entries) {
            String name = entry.getPath().getName();
            if (InputKind.isHiddenName(name)) {
                continue;
            }
            if (entry.isDirectory()) {
                (EvaluationData.holdsData(fs, entry.getPath()) ? unread : otherFolders)
                        .add(name + "/");
            } else if (InputKind.of(name).isPresent()) {
                unread.add(name);
            }
        }
        Collections.sort(unread);
        if (!unread.isEmpty()) {
            throw new IllegalArgumentException(
                    "Input "
                            + uri
                            + " holds .parquet files and also "
                            + String.join(", ", unread.subList(0, Math.min(5, unread.size())))
                            + (unread.size() > 5 ? " and " + (unread.size() - 5) + " more" : "")
                            + ", which would not be read beside them; name the Parquet files,"
                            + " and transcribe the rest in a run of its own");
        }
        if (!otherFolders.isEmpty()) {
            LOG.warn(
                    "Input {}: reading its Parquet files; its folder(s) {} are not read",
                    uri,
                    String.join(", ", otherFolders));
        }
    }

    /**
     * The utterances of Parquet files, for the evaluate job, with their audio bytes.
     *
     * @param spark the session
     * @param files Parquet files in the librispeech_asr layout
     * @param splits splits to keep (by {@link HfParquetLayout#splitOf}); empty keeps all
     * @throws IllegalArgumentException when a wanted split has no file, or a column is missing
     */
    public static Dataset<Row> utteranceRows(
            SparkSession spark, List<String> files, List<String> splits) {
        List<String> wanted =
                files.stream()
                        .filter(
                                f ->
                                        splits.isEmpty()
                                                || splits.contains(HfParquetLayout.splitOf(f)))
                        .toList();
        List<String> present =
                files.stream().map(HfParquetLayout::splitOf).distinct().sorted().toList();
        List<String> missing = splits.stream().filter(s -> !present.contains(s)).toList();
        if (wanted.isEmpty() || !missing.isEmpty()) {
            // Before any audio is read: found after the run, the other splits' hours are lost.
            throw new IllegalArgumentException(
                    "No Parquet file of split(s) "
                            + String.join(", ", missing)
                            + "; the files' splits are "
                            + present);
        }
        Dataset<Row> rows = read(spark, wanted, true);
        return rows.select(
                col(HfParquetLayout.ID),
                col(HfParquetLayout.TEXT),
                col(HfParquetLayout.SPEAKER).cast(DataTypes.StringType),
                col(HfParquetLayout.CHAPTER).cast(DataTypes.StringType),
                memberName(true),
                col(HfParquetLayout.AUDIO_BYTES),
                col(FILE));
    }

    /**
     * A row's name within its file: {@code audio.path}, else {@code id} (when the files have that
     * column), else {@code #<row index in the file>}, so that rows without both stay apart in the
     * results and the resume keys.
     */
    private static Column memberName(boolean hasId) {
        Column rowIndex = concat(lit("#"), col(ROW_INDEX).cast(DataTypes.StringType));
        return hasId
                ? coalesce(col(HfParquetLayout.AUDIO_PATH), col(HfParquetLayout.ID), rowIndex)
                : coalesce(col(HfParquetLayout.AUDIO_PATH), rowIndex);
    }

    /**
     * The split and id of every utterance of {@link #utteranceRows}, with the file it is in, as
     * columns {@code split}, {@code id} and {@code audio_uri}: enough to find an utterance given
     * twice before any audio is read (Parquet reads the {@code id} column alone).
     */
    public static Dataset<Row> utteranceKeys(
            SparkSession spark, List<String> files, List<String> splits) {
        UserDefinedFunction splitOf =
                udf((UDF1<String, String>) HfParquetLayout::splitOf, DataTypes.StringType);
        // A row without an id is a failed row of its own (toUtterance), not a repeat of another.
        return utteranceRows(spark, files, splits)
                .where(col(HfParquetLayout.ID).isNotNull())
                .select(
                        splitOf.apply(col(FILE)).as("split"),
                        col(HfParquetLayout.ID).as("id"),
                        col(FILE).as("audio_uri"));
    }

    /** {@link #utteranceRows} as utterances, each carrying its bytes. */
    public static JavaRDD<Utterance> utterances(
            SparkSession spark, List<String> files, List<String> splits) {
        return utteranceRows(spark, files, splits).toJavaRDD().map(HfParquetSource::toUtterance);
    }

    /**
     * The recordings of Parquet files, for the transcribe job: only the {@code audio} struct is
     * required; {@code id} names a recording whose {@code audio.path} is missing, and its row index
     * one that has neither. A name that more than one row of a file has gets its row index too
     * ({@code 001.wav#17}): Hugging Face's {@code datasets} keeps only the file name of an embedded
     * recording's path, so {@code spk1/001.wav} and {@code spk2/001.wav} both read {@code 001.wav},
     * and one name for two rows would make their results, and their resume keys, one.
     *
     * @return rows of (source file, member name, bytes)
     */
    public static Dataset<Row> recordingRows(SparkSession spark, List<String> files) {
        Dataset<Row> rows = read(spark, files, false);
        boolean hasId = Set.of(rows.schema().fieldNames()).contains(HfParquetLayout.ID);
        Column name = memberName(hasId);
        // Reads the names alone (Parquet prunes the audio bytes), before any recording is.
        Column fileAndName = concat(col(FILE), lit("!"), name);
        List<String> repeated =
                rows.select(fileAndName.as("key"))
                        .groupBy("key")
                        .count()
                        .where(col("count").gt(1))
                        .select("key")
                        .as(Encoders.STRING())
                        .collectAsList();
        if (!repeated.isEmpty()) {
            LOG.warn(
                    "{} name(s) are each given to more than one row of their Parquet file (the"
                            + " first: {}); those rows are named with their row index too, e.g."
                            + " <name>#17",
                    repeated.size(),
                    repeated.get(0));
            Column rowIndex = concat(lit("#"), col(ROW_INDEX).cast(DataTypes.StringType));
            name =
                    when(fileAndName.isin(repeated.toArray()), concat(name, rowIndex))
                            .otherwise(name);
        }
        return rows.select(col(FILE), name.as("member"), col(HfParquetLayout.AUDIO_BYTES));
    }

    /**
     * The source and member name of each of {@link #recordingRows}, as {@link #toRecording} gives
     * them, read without the audio bytes (Parquet prunes that column).
     */
    public static JavaPairRDD<String, String> recordingNames(Dataset<Row> recordingRows) {
        String[] columns = recordingRows.columns();
        return recordingRows
                .select(col(columns[0]), col(columns[1]))
                .toJavaRDD()
                .mapToPair(row -> new Tuple2<>(sourceOf(row), memberOf(row)));
    }

    /** One row of {@link #recordingRows} as a recording. */
    public static Recording toRecording(Row row) {
        String file = sourceOf(row);
        String member = memberOf(row);
        if (row.isNullAt(2)) {
            return new Recording(
                    file,
                    member,
                    null,
                    file
                            + ": row "
                            + (member == null ? "without a name" : member)
                            + " has no audio.bytes");
        }
        return new Recording(file, member, (byte[]) row.get(2), null);
    }

    /** The file a row of {@link #recordingRows} came from, as {@link #findFiles} lists it. */
    private static String sourceOf(Row row) {
        return listedPath(row.getString(0));
    }

    /** The member name of a row of {@link #recordingRows}, or null for a row without one. */
    private static String memberOf(Row row) {
        return row.isNullAt(1) ? null : row.getString(1);
    }

    private static Utterance toUtterance(Row row) {
        String id = row.isNullAt(0) ? null : row.getString(0);
        String path = row.getString(4); // memberName: never null
        String file = listedPath(row.getString(6));
        String uri = file + "!" + path;
        UtteranceKey key =
                new UtteranceKey(
                        HfParquetLayout.splitOf(file),
                        row.isNullAt(2) ? "" : row.getString(2),
                        row.isNullAt(3) ? "" : row.getString(3),
                        id == null ? uri : id);
        String text = row.isNullAt(1) ? null : row.getString(1);
        if (id == null || text == null || row.isNullAt(5)) {
            return new Utterance(
                    key,
                    uri,
                    text,
                    uri
                            + ": row has no "
                            + (id == null ? "id" : text == null ? "text" : "audio.bytes"));
        }
        return new Utterance(key, uri, text, null, (byte[]) row.get(5));
    }

    /**
     * A file as {@link #findFiles} lists it, from Spark's {@code _metadata.file_path}, which is
     * URL-encoded: a folder {@code a b} would otherwise become the split {@code a%20b}.
     */
    private static String listedPath(String filePath) {
        return new Path(URI.create(filePath)).toString();
    }

    private static Dataset<Row> read(SparkSession spark, List<String> files, boolean evaluate) {
        Dataset<Row> rows = spark.read().parquet(files.toArray(String[]::new));
        StructType schema = rows.schema();
        List<String> missing = new ArrayList<>();
        if (!hasAudio(schema)) {
            missing.add("audio struct<bytes: binary, path: string>");
        }
        if (evaluate) {
            for (String name :
                    List.of(
                            HfParquetLayout.ID,
                            HfParquetLayout.TEXT,
                            HfParquetLayout.SPEAKER,
                            HfParquetLayout.CHAPTER)) {
                if (!Set.of(schema.fieldNames()).contains(name)) {
                    missing.add(name);
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(
                    "Parquet "
                            + files.get(0)
                            + (files.size() > 1 ? " (and " + (files.size() - 1) + " more)" : "")
                            + " lacks "
                            + String.join(", ", missing)
                            + "; expected the librispeech_asr layout: "
                            + HfParquetLayout.DESCRIPTION
                            + "; found: "
                            + schema.simpleString());
        }
        if (evaluate) {
            // Read with getString on the executors: another type would fail every task with a
            // ClassCastException naming neither the file nor the column.
            for (String name : List.of(HfParquetLayout.ID, HfParquetLayout.TEXT)) {
                DataType type = schema.apply(name).dataType();
                if (!type.equals(DataTypes.StringType)) {
                    throw new IllegalArgumentException(
                            "Parquet "
                                    + files.get(0)
                                    + (files.size() > 1
                                            ? " (and " + (files.size() - 1) + " more)"
                                            : "")
                                    + ": column "
                                    + name
                                    + " is "
                                    + type.simpleString()
                                    + " but the librispeech_asr layout has string; found: "
                                    + schema.simpleString());
                }
            }
        }
        return rows;
    }

    private static boolean hasAudio(StructType schema) {
        if (!Set.of(schema.fieldNames()).contains(HfParquetLayout.AUDIO)) {
            return false;
        }
        DataType audio = schema.apply(HfParquetLayout.AUDIO).dataType();
        if (!(audio instanceof StructType struct)) {
            return false;
        }
        Set<String> fields = Set.of(struct.fieldNames());
        return fields.contains("bytes")
                && fields.contains("path")
                && struct.apply("bytes").dataType().equals(DataTypes.BinaryType);
    }

    private static boolean isParquet(String name) {
        return !name.startsWith(".")
                && !name.startsWith("_")
                && name.toLowerCase(Locale.ROOT).endsWith(".parquet");
    }
}
