#!/usr/bin/env bash
# Runs a command where transformers is installed, on a machine that has only Debian's registry:
# a Debian unstable chroot with python3-transformers, python3-torch (CPU, on OpenBLAS),
# python3-torchaudio, python3-scipy, python3-rapidfuzz, flac and sox, with this repository
# bind-mounted at /repo as the working directory.
# Debian stable packages neither transformers nor huggingface-hub; unstable packages both, so the
# golden files that must come from transformers itself can be made without PyPI or a GPU:
#
#   sudo scripts/with-transformers.sh python3 scripts/make_chunking_golden.py \
#       --out src/test/resources/chunking/golden.tsv
#   sudo scripts/with-transformers.sh python3 scripts/parity/transformers_parity.py --out target/parity
#
# Paths in COMMAND are relative to the repository root. Needs root (debootstrap, mount, chroot) and
# the Debian mirror. The chroot is built on first use at $W2V_SID_ROOT (default /var/tmp/w2v-sid,
# about 2.5 GB, 3 minutes on a 2-core VM); delete that folder to rebuild it with newer packages.
# The versions it has are printed before COMMAND runs, and the golden scripts record them in what
# they write.
set -euo pipefail
if [[ $# -eq 0 ]]; then
  sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "with-transformers.sh: needs root for debootstrap, mount and chroot (run it with sudo)" >&2
  exit 2
fi
REPO=$(cd "$(dirname "$0")/.." && pwd)
ROOT=${W2V_SID_ROOT:-/var/tmp/w2v-sid}
MIRROR=${W2V_SID_MIRROR:-http://deb.debian.org/debian}
# OpenBLAS: without it torch's matrix products fall back to the reference BLAS, dozens of times
# slower. rapidfuzz: what jiwer computes with (src/test/resources/metrics/make_jiwer_golden.py).
PACKAGES=(python3-transformers python3-torch python3-torchaudio python3-numpy python3-scipy
  python3-rapidfuzz libopenblas0-pthread flac sox)
# A mirror snapshot can serve a Release file past its Valid-Until date; this chroot only builds
# reference outputs, so an old snapshot is acceptable (the versions used are printed and recorded).
APT=(apt-get -q -y -o Acquire::Check-Valid-Until=false --no-install-recommends)

if [[ ! -x $ROOT/usr/bin/dpkg ]] || ! chroot "$ROOT" dpkg -s "${PACKAGES[@]}" >/dev/null 2>&1; then
  command -v debootstrap >/dev/null || { apt-get update -q && apt-get install -y -q debootstrap; }
  if [[ ! -e $ROOT/etc/debian_version ]]; then
    echo "building a Debian unstable chroot at $ROOT" >&2
    debootstrap --variant=minbase sid "$ROOT" "$MIRROR" >&2
  fi
  cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
  chroot "$ROOT" "${APT[@]}" update >&2
  DEBIAN_FRONTEND=noninteractive chroot "$ROOT" "${APT[@]}" install "${PACKAGES[@]}" >&2
fi

mounted=()
cleanup() {
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount "${mounted[i]}" || true; done
}
trap cleanup EXIT
bind() {
  mkdir -p "$2"
  if ! mountpoint -q "$2"; then
    mount --bind "$1" "$2"
    mounted+=("$2")
  fi
}
bind /proc "$ROOT/proc"
bind /dev "$ROOT/dev"
bind "$REPO" "$ROOT/repo"

chroot "$ROOT" python3 -c 'import torch, torchaudio, transformers
print(f"reference environment: torch {torch.__version__}, torchaudio {torchaudio.__version__},"
      f" transformers {transformers.__version__}")' >&2
quoted=$(printf '%q ' "$@")
chroot "$ROOT" /usr/bin/env HOME=/tmp bash -c "cd /repo && $quoted"
