#!/usr/bin/env bash
# Checks this machine's setup for the jobs and says what is wrong: Java, DJL and libtorch
# (version, cpu/cuXXX flavour), GPUs visible, the device a task gets, the model directory, the
# model load and a dummy batch with timings. Run it on a worker, with the executors' environment.
#
#   jobs/doctor.sh                                  # the bundled model, --device auto
#   jobs/doctor.sh --model DIR [--device auto|cpu|gpu] [--batch N] [--seconds S]
#
# In a checkout it runs the job jar it builds (Maven) with the project's Spark jars. On a worker
# that has Spark and the job jar but no Maven or build, name the jars instead; then it runs the job
# jar with $SPARK_HOME/jars/*, the classpath the executors have:
#
#   SPARK_HOME=/opt/spark W2V_JOB_JAR=/opt/w2v/wav2vec2-spark-0.1.0-SNAPSHOT-job.jar \
#     W2V_LIBTORCH_JAR=/opt/w2v/pytorch-native-cpu-2.7.1-linux-x86_64.jar jobs/doctor.sh --model DIR
#
# (W2V_LIBTORCH_JAR=none where the workers provide libtorch through PYTORCH_LIBRARY_PATH.)
#
# Exit status: 0 all checks passed, 1 a check failed (the FAIL line says why), 2 usage.
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

given_model=false
for arg in "$@"; do
  [[ "$arg" == --model || "$arg" == --model=* ]] && given_model=true
done
if [[ "$given_model" == false ]]; then
  set -- --model "$PROJECT_ROOT/data-samples/model" "$@"
fi

jvm_options=()
logging=()
if [[ -n "${W2V_JOB_JAR:-}" ]]; then
  # A worker: nothing is built; every jar is named, as spark-submit's executors get them.
  if [[ -z "${SPARK_HOME:-}" || ! -d "$SPARK_HOME/jars" ]]; then
    echo "doctor: W2V_JOB_JAR needs SPARK_HOME set to a Spark installation with a jars/ folder" \
      "(got SPARK_HOME='${SPARK_HOME:-}')" >&2
    exit 2
  fi
  if [[ ! -f "$W2V_JOB_JAR" ]]; then
    echo "doctor: W2V_JOB_JAR names no file: $W2V_JOB_JAR" >&2
    exit 2
  fi
  if [[ -z "${W2V_LIBTORCH_JAR:-}" ]]; then
    echo "doctor: with W2V_JOB_JAR, set W2V_LIBTORCH_JAR to the libtorch jar the jobs ship" \
      "(pytorch-native-cpu-2.7.1-linux-x86_64.jar), or to none where the workers provide" \
      "libtorch (PYTORCH_LIBRARY_PATH)" >&2
    exit 2
  fi
  jar="$W2V_JOB_JAR"
  natives="$(libtorch_jar)"
  spark_jars="$SPARK_HOME/jars/*"
else
  ensure_built
  jar="$(job_jar)"
  # W2V_LIBTORCH_JAR=none leaves the CPU libtorch off the classpath, as on CUDA workers.
  natives="$(libtorch_jar)"
  spark_jars="$(cat "$TARGET/classpath/spark.txt")"
fi
# The pom and the logging configuration are in a checkout; a worker may have only the scripts.
if [[ -f "$PROJECT_ROOT/pom.xml" ]]; then
  read -r -a jvm_options <<< "$(spark_jvm_options)"
fi
if [[ -f "$PROJECT_ROOT/conf/log4j2-local.properties" ]]; then
  logging=("-Dlog4j2.configurationFile=$PROJECT_ROOT/conf/log4j2-local.properties")
fi
java="$(java_binary)" || exit 2
exec "$java" "${jvm_options[@]}" -Xmx2g "${logging[@]}" \
  -cp "$jar${natives:+:$natives}:$spark_jars" \
  org.wav2vec2spark.jobs.DoctorJob "$@"
