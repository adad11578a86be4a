#!/usr/bin/env bash
# Spark GPU discovery script (spark.executor.resource.gpu.discoveryScript, and
# spark.worker.resource.gpu.discoveryScript on standalone workers): prints the GPUs this machine
# has as Spark's ResourceInformation JSON, e.g. {"name": "gpu", "addresses": ["0","1"]}.
#
# Addresses are nvidia-smi's indices, which libtorch also uses as long as CUDA_VISIBLE_DEVICES is
# unset on the executors and CUDA_DEVICE_ORDER=PCI_BUS_ID (the GPU preset sets it; CUDA's default
# order, fastest first, can differ from nvidia-smi's). Spark hands each task one of these
# addresses; the job runs on it.
set -euo pipefail
if ! command -v nvidia-smi >/dev/null 2>&1; then
  echo "getGpusResources.sh: nvidia-smi not found on $(hostname): install the NVIDIA driver, or" \
    "remove spark.executor.resource.gpu.* from the Spark configuration of CPU-only workers" >&2
  exit 1
fi
# nvidia-smi's stderr is kept apart from the indices: a warning there (a driver or persistence
# message) would otherwise become a GPU address. When it fails, both go into the error message:
# it prints some reasons on stdout ("NVIDIA-SMI has failed because it couldn't communicate with
# the NVIDIA driver", "No devices were found").
errors="$(mktemp)"
trap 'rm -f "$errors"' EXIT
if ! indices="$(nvidia-smi --query-gpu=index --format=csv,noheader 2>"$errors")"; then
  echo "getGpusResources.sh: nvidia-smi failed on $(hostname):" \
    "$(printf '%s\n%s' "$indices" "$(cat "$errors")" | sed '/^[[:space:]]*$/d' | paste -sd ' ' -)" >&2
  exit 1
fi
# Only lines that are an index; sed, unlike grep, does not fail when none is.
addresses="$(echo "$indices" | sed -n -E 's/^[[:space:]]*([0-9]+)[[:space:]]*$/"\1"/p' | paste -sd, -)"
if [[ -z "$addresses" ]]; then
  echo "getGpusResources.sh: nvidia-smi lists no GPU on $(hostname)" >&2
  exit 1
fi
echo "{\"name\": \"gpu\", \"addresses\": [$addresses]}"
