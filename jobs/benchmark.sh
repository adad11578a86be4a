#!/usr/bin/env bash
# Throughput of the evaluate job on a LibriSpeech-shaped workload: RTFx end to end and in steady
# state, time per stage, batch fill, model loads, out-of-memory splits.
#
#   jobs/benchmark.sh                                   # 0.25 h workload, bundled model, local[2]
#   jobs/benchmark.sh --hours 5.4 --model DIR --master local[4] -- --device gpu --batch-samples 2560000
#   jobs/benchmark.sh --data LibriSpeech -- --splits test-clean   # a real corpus instead
#
# The workload (test-clean's length distribution, cut from data-samples and encoded with `flac`)
# is written once to runs/workload-<hours>h/ (or --workload DIR) and reused; only writing it needs
# `flac` (apt-get install flac). Relative paths are taken from the directory the script is run
# from; the defaults (the bundled model and samples, runs/workload-<hours>h/) are in the project
# folder.
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
classpath="$(test_classpath)"
java="$(java_binary)" || exit 2
# shellcheck disable=SC2046
exec "$java" $(spark_jvm_options) ${W2V_DRIVER_JAVA_OPTS:--Xmx4g} \
  -Dlog4j2.configurationFile="$PROJECT_ROOT/conf/log4j2-local.properties" \
  -cp "$classpath" org.wav2vec2spark.jobs.EvaluateBenchmark "$@"
