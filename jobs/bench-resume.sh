#!/usr/bin/env bash
# What a resumed transcribe run spends reading its output's committed runs: all runs in one Spark
# job (as the job does) against a job per run (as it did before), timed side by side in one JVM.
#
# Usage: jobs/bench-resume.sh [RUNS] [ROWS] [REPETITIONS]
#        (defaults: 60 100 3; the runs are made in a temporary folder and deleted)
#        jobs/bench-resume.sh --help   (this text)
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"
exit_with_usage_if_asked "${BASH_SOURCE[0]}" "$@"
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
classpath="$(test_classpath)"
java="$(java_binary)" || exit 2
exec "$java" $(spark_jvm_options) -Xmx2g \
  -Dlog4j2.configurationFile="$PROJECT_ROOT/conf/log4j2-local.properties" \
  -cp "$classpath" org.wav2vec2spark.jobs.output.ResumeBenchmark "$@"
