#!/usr/bin/env bash
# Nightly regression check: evaluates (or reads a finished run), compares with the preset's
# expectations and with the previous comparable run in the history, appends the run to the history.
#
#   jobs/nightly.sh --config conf/librispeech-reproduction.properties --history URI \
#       --data URI --model DIR [--output URI] [spark-submit options]
#   jobs/nightly.sh --config conf/samples.properties --history URI --run RUN_FOLDER
#
# Prints one line per split (OK or REGRESSION with the numbers) and exits 0 when nothing regressed,
# 1 when a split regressed, 2 on usage or input errors. `jobs/nightly.sh --help` lists every option.
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

commit="unknown"
if git -C "$PROJECT_ROOT" rev-parse --git-dir >/dev/null 2>&1; then
  commit="$(git -C "$PROJECT_ROOT" rev-parse HEAD)"
  # Local edits to tracked files make the commit an approximation; say so in the history.
  git -C "$PROJECT_ROOT" diff --quiet HEAD -- 2>/dev/null || commit="$commit-dirty"
fi
# In cluster mode the driver runs on the cluster: the per-split lines go to its container's log, and
# spark-submit exits 1 for any failed application, so cron or Airflow would take an input error
# (2) for a regression (1).
previous=""
for arg in "$@"; do
  case "$previous $arg" in
    "--deploy-mode cluster" | *" --deploy-mode=cluster" | "--conf spark.submit.deployMode=cluster" \
      | "-c spark.submit.deployMode=cluster" | *" --conf=spark.submit.deployMode=cluster")
      echo "nightly: the check runs its driver in client mode (leave --deploy-mode out): in" \
        "cluster mode its exit status (0 OK, 1 REGRESSION, 2 ERROR) and per-split lines would" \
        "not reach this shell" >&2
      exit 2
      ;;
  esac
  previous="$arg"
done
# The checkout's commit, unless the command names one (a job run from a copy without .git).
for arg in "$@"; do
  [[ "$arg" == --commit || "$arg" == --commit=* ]] && commit=""
done
run_job org.wav2vec2spark.jobs.NightlyJob ${commit:+--commit "$commit"} "$@"
