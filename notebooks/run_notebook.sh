#!/usr/bin/env bash
# Executes notebooks/error_analysis.ipynb on a run and keeps the executed copy (with its charts)
# under target/notebooks/. Fails when any cell fails.
#   notebooks/run_notebook.sh RUN_DIR [BASELINE_RUN_DIR] [HISTORY_JSONL]
# Needs Debian's jupyter-nbconvert, python3-ipykernel, python3-pandas and python3-matplotlib.
set -euo pipefail
cd "$(dirname "$0")/.."
if (($# < 1 || $# > 3)); then
  echo "usage: notebooks/run_notebook.sh RUN_DIR [BASELINE_RUN_DIR] [HISTORY_JSONL]" >&2
  exit 2
fi
for given in "$@"; do
  # A mistyped baseline or history would otherwise skip its section, or fail in cd, unexplained.
  # An empty BASELINE_RUN_DIR ("") asks for the history chart without a baseline.
  [[ -z "$given" || -e "$given" ]] || { echo "run_notebook: $given does not exist" >&2; exit 2; }
done
absolute() { [[ -z "$1" ]] || (cd "$(dirname "$1")" && echo "$PWD/$(basename "$1")"); }
RUN_DIR="$(absolute "$1")"
BASELINE_RUN_DIR="$(absolute "${2:-}")"
HISTORY="$(absolute "${3:-}")"
export RUN_DIR BASELINE_RUN_DIR HISTORY PYDEVD_DISABLE_FILE_VALIDATION=1
[[ -f "$RUN_DIR/summary.json" ]] || { echo "run_notebook: $RUN_DIR/summary.json not found" >&2; exit 2; }
command -v jupyter >/dev/null || {
  echo "run_notebook: jupyter not found; apt-get install jupyter-nbconvert python3-ipykernel python3-pandas python3-matplotlib" >&2
  exit 2
}
mkdir -p target/notebooks
# Debian's kernel runs /usr/bin/python3, where the Debian packages are, whatever python3 is on PATH.
jupyter nbconvert --to notebook --execute --ExecutePreprocessor.timeout=600 \
  --ExecutePreprocessor.kernel_name=python3 \
  --output-dir target/notebooks --output error_analysis.executed.ipynb \
  notebooks/error_analysis.ipynb
echo "Executed notebook: target/notebooks/error_analysis.executed.ipynb"
