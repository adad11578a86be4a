package org.wav2vec2spark.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HfParquetLayoutTest {

    @ParameterizedTest
    @CsvSource({
        // LibriSpeech names as they are
        "hdfs://nn/data/test-clean/0000.parquet, test-clean",
        "/data/train-clean-100/0003.parquet, train-clean-100",
        // the "all" configuration's folders
        "/hf/all/test.clean/0000.parquet, test-clean",
        "/hf/all/validation.other/0000.parquet, dev-other",
        "/hf/all/train.clean.360/0012.parquet, train-clean-360",
        // the "clean" and "other" configurations' folders
        "/hf/clean/test/0000.parquet, test-clean",
        "/hf/other/validation/0000.parquet, dev-other",
        "/hf/other/train.500/0001.parquet, train-other-500",
        // push_to_hub's shards, <config>/<split>-NNNNN-of-NNNNN, one folder holding every split
        "/hf/all/test.clean-00000-of-00001.parquet, test-clean",
        "/hf/all/validation.other-00001-of-00002.parquet, dev-other",
        "/hf/clean/validation-00000-of-00001.parquet, dev-clean",
        "/hf/other/train.500-00012-of-00040.parquet, train-other-500",
        "/hf/data/test-other-00000-of-00001.parquet, test-other",
        "/hf/data/test-00000-of-00001-a6c3bde1e28b7b37.parquet, test", // datasets < 2.15
        "/hf/clean/test/test-00000-of-00001.parquet, test-clean", // the folders name it
        // anything else: the folder name
        "/data/mine/0000.parquet, mine",
        "/hf/noisy/test/0000.parquet, test",
    })
    void namesTheSplitAfterTheFoldersHoldingTheFile(String file, String split) {
        assertThat(HfParquetLayout.splitOf(file)).isEqualTo(split);
    }
}
