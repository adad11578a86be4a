#!/usr/bin/env bash
# The Python-side GPU checks of issues 6 and 7 in one call on a GPU machine with torch and
# transformers (no Java, no network there); scripts/device/gpu_train.sh is the one for issue 3.
# The golden files from transformers need no GPU: scripts/with-transformers.sh makes them on any
# Debian machine. Prepare here with scripts/device/fetch_debs.sh, then run with the device tool,
# carrying target/device:
#
#   command: scripts/device/gpu_checks.sh      carry: ["target/device"]      timeout_s: 540
#
# Arguments choose the steps (default: parity speed); PARITY_LIMIT and SPEED_LIMIT (seconds, 330 and
# 150) bound them. Each step has its own time limit and log; a failing step does not stop the others.
# Results under $OUT: parity.tsv (issue 6: the CPU rows and the CUDA rows in float32, float16 and
# bfloat16), speed.tsv (issue 7), and one log per step. The exit status is 1 when any step (or the
# GPU and library check before them) failed, after all have run.
set -uo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-target/device-out}
mkdir -p "$OUT"
scripts/device/unpack_tools.sh target/device/debs /tmp/w2v-tools || exit 2
export PYTHONUNBUFFERED=1
FLAC=/tmp/w2v-tools/bin/flac
# Without -e every step runs; what failed is kept here for the exit status.
failed=()
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || failed+=(nvidia-smi)
python3 -c 'import torch, transformers; print("torch", torch.__version__, "transformers", transformers.__version__)' \
  || failed+=("torch/transformers import")

step() {
  local name=$1 limit=$2
  shift 2
  echo "== $name (limit ${limit} s)"
  local start=$SECONDS
  timeout "$limit" "$@" >"$OUT/$name.log" 2>&1
  local rc=$?
  echo "== $name: exit $rc after $((SECONDS - start)) s; last lines:"
  tail -n 25 "$OUT/$name.log"
  ((rc == 0)) || failed+=("$name (exit $rc)")
}

steps=("$@")
[[ ${#steps[@]} -eq 0 ]] && steps=(parity speed)
for name in "${steps[@]}"; do
  case $name in
    parity) step parity "${PARITY_LIMIT:-330}" python3 scripts/parity/transformers_parity.py --out "$OUT" --flac "$FLAC" ;;
    speed) step speed "${SPEED_LIMIT:-150}" python3 scripts/parity/gpu_speed.py --out "$OUT/speed.tsv" ;;
    *) echo "gpu_checks: unknown step $name (parity, speed)" >&2; failed+=("$name (unknown)") ;;
  esac
done
if ((${#failed[@]})); then
  echo "gpu_checks: failed: ${failed[*]}" >&2
  exit 1
fi
