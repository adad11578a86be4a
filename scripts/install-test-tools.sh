#!/usr/bin/env bash
# Installs the Debian packages the test suite uses (only those missing), as root or with sudo.
#   flac, sox        make and check test audio (reference encoder/decoder)
#   chromium, fonts-dejavu-core
#                    render report.html headless in RunReportsIT (Chromium's own --headless; no
#                    chromedriver)
#   jupyter-nbconvert, python3-ipykernel, python3-pandas, python3-matplotlib
#                    execute notebooks/error_analysis.ipynb in RunReportsIT
#   python3-numpy    the export tool and model_to_checkpoint.py in ExportRoundTripIT
#   openjdk-17-jdk-headless, maven
#                    only when no `java` or `mvn` is on the PATH: a machine's own JDK 17 and Maven
#                    (Temurin, SDKMAN) are kept as they are
# No test runs espeak-ng: it is needed only to regenerate the bundled data (data-samples/README.md)
# and by jobs/bench-flac.sh without a FILE, which say so themselves.
set -euo pipefail
packages=(flac sox
  chromium fonts-dejavu-core
  jupyter-nbconvert python3-ipykernel python3-pandas python3-matplotlib python3-numpy)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
command -v java >/dev/null || missing+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || missing+=(maven)
((${#missing[@]})) || exit 0
sudo=()
((EUID == 0)) || sudo=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
