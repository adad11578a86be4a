package org.wav2vec2spark.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wav2vec2spark.SparkTestBase;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

class HfParquetSourceTest extends SparkTestBase {
    @TempDir Path dir;

    @Test
    void rowsOfAFileWhosePathNeedsEscapingNameItAsListed() throws IOException {
        Path folder = dir.resolve("my split%20x");
        Row row =
                RowFactory.create(
                        "1-10-0000.flac",
                        RowFactory.create(new byte[] {1}, "1-10-0000.flac"),
                        "HELLO",
                        1L,
                        10L,
                        "1-10-0000");
        spark.createDataFrame(List.of(row), HfParquetFixtures.SCHEMA)
                .coalesce(1)
                .write()
                .parquet(folder.toString());
        List<String> files =
                HfParquetSource.findFiles(jsc.hadoopConfiguration(), List.of(folder.toString()));

        // Spark's _metadata.file_path is URL-encoded; rows must name the file as it was listed.
        Utterance utterance =
                HfParquetSource.utterances(spark, files, List.of("my split%20x")).first();
        String source =
                HfParquetSource.recordingRows(spark, files)
                        .toJavaRDD()
                        .map(r -> HfParquetSource.toRecording(r).source())
                        .first();

        assertThat(files).singleElement().asString().contains("/my split%20x/");
        assertThat(utterance.key().split()).isEqualTo("my split%20x");
        assertThat(utterance.audioUri()).isEqualTo(files.get(0) + "!1-10-0000.flac");
        assertThat(source).isEqualTo(files.get(0));
    }

    @Test
    void aFolderOfParquetBesideRecordingsOrFoldersIsRefusedNamingThem() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("calls"));
        Files.createFile(folder.resolve("test.parquet"));
        Files.createFile(folder.resolve("_SUCCESS"));
        Files.createDirectories(folder.resolve(".cache"));
        List<String> input = List.of(folder.toString());

        assertThat(HfParquetSource.findFiles(jsc.hadoopConfiguration(), input)).hasSize(1);

        // A folder holding no data is only named in a warning.
        Files.createDirectories(folder.resolve("empty"));
        assertThat(HfParquetSource.findFiles(jsc.hadoopConfiguration(), input)).hasSize(1);

        Files.createFile(folder.resolve("b.flac"));
        Files.createFile(Files.createDirectories(folder.resolve("2024")).resolve("c.wav"));
        Files.createFile(folder.resolve("notes.txt"));

        assertThatThrownBy(() -> HfParquetSource.findFiles(jsc.hadoopConfiguration(), input))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Input "
                                + folder
                                + " holds .parquet files and also 2024/, b.flac, which would not be"
                                + " read beside them; name the Parquet files, and transcribe the"
                                + " rest in a run of its own");
    }

    @Test
    void aTextOrIdColumnThatIsNotAStringIsRefusedNamingIt() {
        Path folder = dir.resolve("test-clean");
        StructType schema =
                new StructType(
                        Arrays.stream(HfParquetFixtures.SCHEMA.fields())
                                .map(
                                        f ->
                                                f.name().equals("id")
                                                        ? new StructField(
                                                                "id",
                                                                DataTypes.LongType,
                                                                true,
                                                                Metadata.empty())
                                                        : f)
                                .toArray(StructField[]::new));
        Row row =
                RowFactory.create(
                        "1-10-0000.flac",
                        RowFactory.create(new byte[] {1}, "1-10-0000.flac"),
                        "HELLO",
                        1L,
                        10L,
                        1100000L);
        spark.createDataFrame(List.of(row), schema).coalesce(1).write().parquet(folder.toString());
        String file = folder.toUri().toString();

        assertThatThrownBy(() -> HfParquetSource.utteranceRows(spark, List.of(file), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "Parquet "
                                + file
                                + ": column id is bigint but the librispeech_asr layout has"
                                + " string; found: struct<");
    }
}
