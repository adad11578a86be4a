#!/usr/bin/env bash
# Spark GPU discovery script (spark.executor.resource.gpu.discoveryScript, and
# spark.worker.resource.gpu.discoveryScript on standalone workers): prints the GPUs this machine
# has as Spark's ResourceInformation JSON, e.g. {"name": "gpu", "addresses": ["0","1"]}.
#
# Addresses are nvidia-smi's indices, which libtorch also uses as long as CUDA_VISIBLE_DEVICES is
# unset on the executors (Spark hands each task one of these addresses; the job runs on it).
set -euo pipefail
if ! command -v nvidia-smi >/dev/null 2>&1; then
  echo "getGpusResources.sh: nvidia-smi not found on $(hostname): install the NVIDIA driver, or" \
    "remove spark.executor.resource.gpu.* from the Spark configuration of CPU-only workers" >&2
  exit 1
fi
if ! indices="$(nvidia-smi --query-gpu=index --format=csv,noheader 2>&1)"; then
  echo "getGpusResources.sh: nvidia-smi failed on $(hostname): $indices" >&2
  exit 1
fi
addresses="$(echo "$indices" | sed -e 's/[[:space:]]//g' -e '/^$/d' -e 's/.*/"&"/' | paste -sd, -)"
if [[ -z "$addresses" ]]; then
  echo "getGpusResources.sh: nvidia-smi lists no GPU on $(hostname)" >&2
  exit 1
fi
echo "{\"name\": \"gpu\", \"addresses\": [$addresses]}"
