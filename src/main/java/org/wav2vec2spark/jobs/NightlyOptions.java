package org.wav2vec2spark.jobs;

import org.wav2vec2spark.nightly.RegressionPolicy;

import java.util.Map;

/**
 * The nightly job's settings, parsed by {@link NightlyOptionsParser}.
 *
 * @param historyUri the JSON-lines history file (created on the first night)
 * @param runUri a finished run's output folder to check, or {@code null} to evaluate now
 * @param evaluate the evaluation to run, or {@code null} when {@code runUri} is given
 * @param projectCommit git commit of the project that ran, or {@code unknown}
 * @param accept record today's run as a baseline even if it regressed, and exit 0
 * @param policy when a split counts as regressed
 * @param master Spark master, or {@code null} for spark-submit's (local[*] outside it)
 * @param sparkConf extra Spark settings
 */
public record NightlyOptions(
        String historyUri,
        String runUri,
        EvaluateOptions evaluate,
        String projectCommit,
        boolean accept,
        RegressionPolicy policy,
        String master,
        Map<String, String> sparkConf) {}
