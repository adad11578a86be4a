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
        // anything else: the folder name
        "/data/mine/0000.parquet, mine",
        "/hf/noisy/test/0000.parquet, test",
    })
    void namesTheSplitAfterTheFoldersHoldingTheFile(String file, String split) {
        assertThat(HfParquetLayout.splitOf(file)).isEqualTo(split);
    }
}
