#!/usr/bin/env bash
# Speed of the model alone, without Spark: load time, first call, steady time per call and the
# real-time factor on one recording of Gaussian noise.
#
# Usage: jobs/bench-model.sh [MODEL_DIR] [SECONDS] [RUNS] [WARM_UPS] [DEVICE]
#        (defaults: data-samples/model 10 5 3 cpu)
#        jobs/bench-model.sh --help   (this text)
# A relative MODEL_DIR is taken from the directory the script is run from.
# Needs: java 17, maven (offline repository filled); for DEVICE gpu, CUDA libtorch as the README's
# "GPU workers" section describes.
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"
exit_with_usage_if_asked "${BASH_SOURCE[0]}" "$@"
classpath="$(test_classpath)"
java="$(java_binary)" || exit 2
exec "$java" -Dai.djl.offline=true -DOPT_OUT_TRACKING=true \
  -cp "$classpath" org.wav2vec2spark.model.ModelSpeedBenchmark "$@"
