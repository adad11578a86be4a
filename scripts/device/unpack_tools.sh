#!/usr/bin/env bash
# Unpacks the .deb files that fetch_debs.sh downloaded (DEBS) into ROOT and writes wrapper commands
# for flac, sox and espeak-ng into ROOT/bin. Each wrapper points LD_LIBRARY_PATH (and espeak-ng's
# data path) at ROOT for its own process only, so Python and torch keep the machine's libraries.
#
#   scripts/device/unpack_tools.sh target/device/debs /tmp/w2v-tools && PATH="/tmp/w2v-tools/bin:$PATH"
set -euo pipefail
if [[ $# -ne 2 ]]; then
  echo "usage: $0 DEBS ROOT" >&2
  exit 2
fi
debs=$1
root=$(mkdir -p "$2" && cd "$2" && pwd)
shopt -s nullglob
packages=("$debs"/*.deb)
if [[ ${#packages[@]} -eq 0 ]]; then
  echo "unpack_tools: no .deb files in $debs; run scripts/device/fetch_debs.sh and carry target/device" >&2
  exit 2
fi
for deb in "${packages[@]}"; do dpkg -x "$deb" "$root"; done
mkdir -p "$root/bin"
libs="$root/usr/lib/x86_64-linux-gnu:$root/lib/x86_64-linux-gnu:$root/usr/lib/x86_64-linux-gnu/pulseaudio"
for tool in flac sox espeak-ng; do
  cat >"$root/bin/$tool" <<EOF
#!/bin/sh
LD_LIBRARY_PATH="$libs\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}" ESPEAK_DATA_PATH="$root/usr/lib/x86_64-linux-gnu" \\
  exec "$root/usr/bin/$tool" "\$@"
EOF
  chmod +x "$root/bin/$tool"
  "$root/bin/$tool" --version | head -n 1
done
