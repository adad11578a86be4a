#!/usr/bin/env bash
# One device call for all three GPU issues, for a session lent a machine for a few minutes: the
# parity checks of issue 6 and the speed figures of issue 7 (gpu_checks.sh) and two training runs of
# issue 3 (gpu_train.sh), arranged so that nothing waits and the timings stay clean:
#
#   1. the training corpus is synthesised on the CPU cores while the parity checks run;
#   2. two runs then train side by side on the one GPU until TRAIN_UNTIL seconds into the call
#      (default 420): the bundled model continued, and a larger one (LARGER_ARGS) from scratch or,
#      with LARGER_FROM=DIR (an earlier run's unpacked train-larger.tar, carried), continued;
#   3. the speed benchmark runs last, alone on the GPU, until END seconds (default 575).
#
# Prepare here with scripts/device/fetch_debs.sh, then run with the device tool:
#
#   command: scripts/device/gpu_session.sh      carry: ["target/device"]      timeout_s: 590
#
# Results under $OUT (at most 8 files come back): parity.tsv, parity.log, speed.tsv, speed.log,
# corpus.log, and train-continued.tar and train-larger.tar, each holding one run's weights.npz,
# config.json, train_log.tsv, TRAINING.txt and train.log. Each step's failure is reported and the
# others go on. Back on the build machine, for a run to adopt:
#   tar -xf train-larger.tar -C /tmp/run && python3 scripts/train/export_trained_model.py --trained /tmp/run --out data-samples/model
set -uo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-target/device-out}
TRAIN_UNTIL=${TRAIN_UNTIL:-420}
END=${END:-575}
LARGER_ARGS=${LARGER_ARGS:---hidden 192 --layers 6 --dropout 0.1}
LARGER_FROM=${LARGER_FROM:-}
if [[ -n $LARGER_FROM && ! -f $LARGER_FROM/weights.npz ]]; then
  echo "gpu_session: LARGER_FROM=$LARGER_FROM holds no weights.npz (an unpacked train-larger.tar, carried)" >&2
  exit 2
fi
# 70% of the corpus speaks WordNet's example sentences, so that common English words recur tens of
# times (make_training_corpus.py --natural-share); 30000 utterances are about 25 hours.
export WORK=${WORK:-/tmp/w2v-gpu-train} UTTERANCES=${UTTERANCES:-30000} SEED=${SEED:-20261207}
export NATURAL_SHARE=${NATURAL_SHARE:-0.7}
mkdir -p "$OUT" "$WORK"
SECONDS=0

CORPUS_ONLY=1 OUT="$WORK" nice -n 10 scripts/device/gpu_train.sh >"$WORK/corpus-stage.log" 2>&1 &
corpus=$!
PARITY_LIMIT=$((TRAIN_UNTIL - 30)) scripts/device/gpu_checks.sh parity &
parity=$!

wait "$corpus"
corpus_status=$?
cp "$WORK/corpus.log" "$OUT/corpus.log" 2>/dev/null
echo "== corpus: exit $corpus_status after $SECONDS s"
tail -n 12 "$WORK/corpus-stage.log"
runs=()
if [[ $corpus_status -eq 0 ]]; then
  minutes=$(python3 -c "print(round(max(0.5, ($TRAIN_UNTIL - $SECONDS - 40) / 60), 2))")
  echo "== training two runs for $minutes minutes each"
  for run in continued larger; do
    mkdir -p "$WORK/out-$run"
    init=data-samples/model args=""
    # a continued run takes its architecture from the run it continues: LARGER_ARGS only starts one
    if [[ $run == larger ]]; then
      init=$LARGER_FROM
      [[ -z $LARGER_FROM ]] && args=$LARGER_ARGS
    fi
    RUN=$run OUT="$WORK/out-$run" MINUTES=$minutes INIT_FROM=$init TRAIN_ARGS=$args LOADER_WORKERS=6 \
      scripts/device/gpu_train.sh >"$WORK/out-$run/stage.log" 2>&1 &
    runs+=("$run:$!")
  done
fi

wait "$parity"
echo "== parity step done after $SECONDS s"
for entry in "${runs[@]}"; do
  run=${entry%%:*}
  wait "${entry#*:}"
  echo "== training run $run: exit $? after $SECONDS s; its last lines:"
  tail -n 6 "$WORK/out-$run/stage.log"
  tar -C "$WORK/out-$run" -cf "$OUT/train-$run.tar" .
done

if ((END - SECONDS >= 30)); then
  SPEED_LIMIT=$((END - SECONDS)) scripts/device/gpu_checks.sh speed
else
  echo "== speed: skipped, only $((END - SECONDS)) s left before END=$END"
fi
echo "== all done after $SECONDS s"
ls -la "$OUT"
