package org.wav2vec2spark.data;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** What tests need to write Parquet in Hugging Face's librispeech_asr layout. */
public final class HfParquetFixtures {

    /** The dataset's features, as its Parquet conversion stores them. */
    public static final StructType SCHEMA =
            new StructType()
                    .add("file", DataTypes.StringType)
                    .add(
                            "audio",
                            new StructType()
                                    .add("bytes", DataTypes.BinaryType)
                                    .add("path", DataTypes.StringType))
                    .add("text", DataTypes.StringType)
                    .add("speaker_id", DataTypes.LongType)
                    .add("chapter_id", DataTypes.LongType)
                    .add("id", DataTypes.StringType);

    private HfParquetFixtures() {}
}
