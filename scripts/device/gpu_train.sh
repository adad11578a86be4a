#!/usr/bin/env bash
# Issue 3 on a GPU machine: synthesise the training corpus there (espeak-ng and sox from the carried
# .deb files), train the bundled model further on CUDA for a fixed number of minutes, and bring the
# weights back. Prepare here with scripts/device/fetch_debs.sh, then run with the device tool:
#
#   command: scripts/device/gpu_train.sh      carry: ["target/device"]      timeout_s: 600
#
# Settings (environment): PYTHON (python3), MINUTES of training (6), UTTERANCES in the corpus (8000),
# SEED of the corpus (make_training_corpus.py's default), NATURAL_SHARE of its utterances that speak
# WordNet example sentences (make_training_corpus.py's default), DEVICE (cuda), INIT_FROM (data-samples/model;
# empty trains a new model from scratch), TRAIN_ARGS (more trainer options, e.g. "--hidden 192
# --layers 6" with INIT_FROM=""), LOADER_WORKERS (min(12, cores)), WORK (/tmp/w2v-gpu-train), RUN
# (the run's folder under WORK, run), TRAIN_TIMEOUT (seconds after which the trainer is stopped, with
# the weights of its last finished epoch kept; default none).
# The corpus is the one make_training_corpus.py writes on the build machine with the same seed; a
# corpus already in $WORK/corpus is reused, and CORPUS_ONLY=1 stops once it is written, so that
# gpu_session.sh can make it while the GPU does other work and then train several runs on it.
#
# Results under $OUT: weights.npz, config.json, train_log.tsv and TRAINING.txt of the run, and
# corpus.log / train.log. Back on the build machine:
#   python3 scripts/train/export_trained_model.py --trained <files_at> --out data-samples/model
#   python3 scripts/reference_logits.py && jobs/evaluate.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-target/device-out}
MINUTES=${MINUTES:-6}
UTTERANCES=${UTTERANCES:-8000}
DEVICE=${DEVICE:-cuda}
INIT_FROM=${INIT_FROM-data-samples/model}
WORK=${WORK:-/tmp/w2v-gpu-train}
RUN=${RUN:-run}
PYTHON=${PYTHON:-python3}
mkdir -p "$OUT" "$WORK"
export PYTHONUNBUFFERED=1
# unpacked once: runs that share WORK must not write the same files at the same time
[[ -x $WORK/tools/bin/espeak-ng ]] || scripts/device/unpack_tools.sh target/device/debs "$WORK/tools"
export PATH="$WORK/tools/bin:$PATH"
workers=$(nproc)
[[ $DEVICE == cuda ]] && nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
"$PYTHON" -c 'import torch, numpy; print("torch", torch.__version__, "numpy", numpy.__version__)'

start=$SECONDS
if [[ -f $WORK/corpus/manifest.tsv ]]; then
  echo "corpus: reusing $WORK/corpus"
else
  "$PYTHON" scripts/train/make_training_corpus.py --out "$WORK/corpus" --utterances "$UTTERANCES" ${SEED:+--seed "$SEED"} \
    --workers "$workers" --dictionary "$WORK/tools/usr/share/dict/american-english-small" \
    --scowl "$WORK/tools/usr/share/dict/scowl" --wordnet "$WORK/tools/usr/share/wordnet" \
    ${NATURAL_SHARE:+--natural-share "$NATURAL_SHARE"} >"$OUT/corpus.log" 2>&1 \
    || { tail -n 30 "$OUT/corpus.log"; exit 1; }
  tail -n 8 "$OUT/corpus.log"
  echo "corpus: $((SECONDS - start)) s"
fi
[[ ${CORPUS_ONLY:-} == 1 ]] && exit 0

init=()
[[ -n $INIT_FROM ]] && init=(--init-from "$INIT_FROM" --lr 5e-4 --warmup 100)
# shellcheck disable=SC2086 # TRAIN_ARGS is a list of options
timeout "${TRAIN_TIMEOUT:-0}" "$PYTHON" scripts/train/train_small_model.py \
  --corpus "$WORK/corpus" --out "$WORK/$RUN" "${init[@]}" \
  --device "$DEVICE" --minutes "$MINUTES" --epochs 1000 --batch-seconds 128 \
  --loader-workers "${LOADER_WORKERS:-$((workers > 12 ? 12 : workers))}" ${TRAIN_ARGS:-} >"$OUT/train.log" 2>&1 &
trainer=$!
tail -n +1 -f --pid="$trainer" "$OUT/train.log" | grep --line-buffered -E "^epoch [0-9]+[:( ]|parameters|^done" &
status=0
wait "$trainer" || status=$?
if ((status == 124)); then
  echo "gpu_train: stopped after TRAIN_TIMEOUT=$TRAIN_TIMEOUT s; copying its last finished epoch, if any"
elif ((status != 0)); then
  echo "gpu_train: the trainer failed; the end of train.log:"
  tail -n 30 "$OUT/train.log"
  exit 1
fi
wait
cp "$WORK/$RUN/weights.npz" "$WORK/$RUN/config.json" "$WORK/$RUN/train_log.tsv" "$WORK/$RUN/TRAINING.txt" "$OUT/" \
  || { echo "gpu_train: $WORK/$RUN holds no finished epoch"; exit 1; }
ls -la "$OUT"
