package org.wav2vec2spark.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

class BundledDefaultsTest {
    private static final LocalDateTime NOW = LocalDateTime.of(2026, 1, 2, 3, 4, 5);

    @Test
    void pathsAreFileUrisInTheProjectFolderOrElseInTheWorkingDirectory() {
        BundledDefaults inProject = new BundledDefaults(Path.of("/opt/w2v"), NOW);
        BundledDefaults here = new BundledDefaults(Path.of(""), NOW);

        assertThat(inProject.forJob("transcribe", "input"))
                .containsExactly(
                        Map.entry("input", "file:/opt/w2v/data-samples/LibriSpeech"),
                        Map.entry("model", "file:/opt/w2v/data-samples/model"),
                        Map.entry("output", "file:/opt/w2v/runs/transcribe-20260102-030405"));
        assertThat(here.forJob("evaluate", "data"))
                .containsEntry("model", "file:" + Path.of("data-samples/model").toAbsolutePath());
        assertThat(here.model()).isEqualTo("data-samples/model");
        assertThat(here.runFolder("evaluate")).isEqualTo("runs/evaluate-20260102-030405");
        assertThat(BundledDefaults.runFolderHelp("evaluate"))
                .isEqualTo("runs/evaluate-<yyyyMMdd-HHmmss>");
    }

    @Test
    void theNoticeSaysWhatEachDefaultIsAndThatTheModelIsAToy() {
        Map<String, String> taken = new LinkedHashMap<>();
        taken.put("data", "/p/data-samples/LibriSpeech");
        taken.put("model", "/p/data-samples/model");

        assertThat(BundledDefaults.notice("evaluate", taken))
                .isEqualTo(
                        "evaluate: no --data given, taking the bundled samples"
                                + " /p/data-samples/LibriSpeech\n"
                                + "evaluate: no --model given, taking the bundled model"
                                + " /p/data-samples/model (a toy trained on synthetic speech;"
                                + " give --model DIR for real data)\n");
        assertThat(BundledDefaults.notice("evaluate", Map.of())).isEmpty();
    }

    @Test
    void onAClusterMasterTheNoticeSaysTheDefaultsAreOnThisMachine() {
        Map<String, String> taken = new LinkedHashMap<>();
        taken.put("data", "file:/p/data-samples/LibriSpeech");
        taken.put("model", "file:/p/data-samples/model");

        assertThat(BundledDefaults.clusterNotice("evaluate", taken, "spark://m:7077"))
                .isEqualTo(
                        "evaluate: the defaults taken above are on this machine's disk; executors"
                                + " of spark://m:7077 on other machines read them only if the"
                                + " project folder is at the same path there (give --data,"
                                + " --model otherwise)\n");
        assertThat(BundledDefaults.clusterNotice("evaluate", taken, "yarn")).contains(" of yarn ");
        assertThat(BundledDefaults.clusterNotice("evaluate", taken, "k8s://https://api:6443"))
                .contains(" of k8s://https://api:6443 ");
        assertThat(BundledDefaults.clusterNotice("evaluate", taken, "local[*]")).isEmpty();
        assertThat(BundledDefaults.clusterNotice("evaluate", taken, "lcoal")).isEmpty();
        assertThat(BundledDefaults.clusterNotice("evaluate", Map.of(), "yarn")).isEmpty();
    }
}
