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
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

commit="unknown"
if git -C "$PROJECT_ROOT" rev-parse --git-dir >/dev/null 2>&1; then
  commit="$(git -C "$PROJECT_ROOT" rev-parse HEAD)"
  # Local edits to tracked files make the commit an approximation; say so in the history.
  git -C "$PROJECT_ROOT" diff --quiet HEAD -- 2>/dev/null || commit="$commit-dirty"
fi
run_job org.wav2vec2spark.jobs.NightlyJob --commit "$commit" "$@"
