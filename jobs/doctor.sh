#!/usr/bin/env bash
# Checks this machine's setup for the jobs and says what is wrong: Java, DJL and libtorch
# (version, cpu/cuXXX flavour), GPUs visible, the device a task gets, the model directory, the
# model load and a dummy batch with timings. Run it on a worker, with the executors' environment.
#
#   jobs/doctor.sh                                  # the bundled model, --device auto
#   jobs/doctor.sh --model DIR [--device auto|cpu|gpu] [--batch N] [--seconds S]
#
# Exit status: 0 all checks passed, 1 a check failed (the FAIL line says why), 2 usage.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

given_model=false
for arg in "$@"; do
  [[ "$arg" == --model || "$arg" == --model=* ]] && given_model=true
done
if [[ "$given_model" == false ]]; then
  set -- --model "$PROJECT_ROOT/data-samples/model" "$@"
fi
ensure_built
# W2V_LIBTORCH_JAR=none leaves the CPU libtorch off the classpath, as on CUDA workers.
natives="$(libtorch_jar)"
# shellcheck disable=SC2046
exec "$(java_binary)" $(spark_jvm_options) -Xmx2g \
  -Dlog4j2.configurationFile="$PROJECT_ROOT/conf/log4j2-local.properties" \
  -cp "$(job_jar)${natives:+:$natives}:$(cat "$TARGET/classpath/spark.txt")" \
  org.wav2vec2spark.jobs.DoctorJob "$@"
