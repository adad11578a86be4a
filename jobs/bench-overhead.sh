#!/usr/bin/env bash
# Spark overhead of the evaluate job: its wall time against a plain Java loop over the same
# utterances with the same predictor, measured side by side in one JVM.
#
# Usage: jobs/bench-overhead.sh [DATA_ROOT] [MODEL_DIR] [REPETITIONS] [MASTER] [BATCH_SAMPLES]
#        (defaults: data-samples/LibriSpeech data-samples/model 5 local[2] 960000)
#        jobs/bench-overhead.sh --help   (this text)
# Relative paths are taken from the directory the script is run from; the defaults are in the
# project folder.
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"
exit_with_usage_if_asked "${BASH_SOURCE[0]}" "$@"
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
classpath="$(test_classpath)"
java="$(java_binary)" || exit 2
# shellcheck disable=SC2046
exec "$java" $(spark_jvm_options) -Xmx4g -Dai.djl.offline=true -DOPT_OUT_TRACKING=true \
  -Dlog4j2.configurationFile="$PROJECT_ROOT/conf/log4j2-local.properties" \
  -cp "$classpath" org.wav2vec2spark.jobs.SparkOverheadBenchmark "$@"
