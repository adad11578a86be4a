#!/usr/bin/env bash
# Downloads the Debian packages gpu_checks.sh unpacks on the GPU machine (the reference `flac`
# tool and its libraries) into target/device/debs, which the device call carries.
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p target/device/debs
cd target/device/debs
apt-get download flac libflac12 libogg0
ls -la
