#!/usr/bin/env bash
# One device call for the GPU issues, for a session lent a machine for a few minutes: the parity
# checks of issue 6 and the speed figures of issue 7 (gpu_checks.sh, chosen by CHECKS) and training
# runs of issue 3 (gpu_train.sh, chosen by RUNS), arranged so that nothing waits and the timings
# stay clean:
#
#   1. the training corpus is synthesised on the CPU cores while the parity checks run;
#   2. the runs then train side by side on the one GPU until TRAIN_UNTIL seconds into the call
#      (default 420); any still going GRACE seconds later (default 60) is stopped, and the
#      weights of its last finished epoch come back;
#   3. the speed benchmark runs last, alone on the GPU, until END seconds (default 575).
#
# RUNS lists the runs, separated by ";", each as NAME:INIT:TRAINER OPTIONS, where INIT is the run
# or model folder to continue (empty: a new model, shaped by the options). The default trains the
# bundled model further ("continued") beside a larger one ("larger": LARGER_ARGS from scratch or,
# with LARGER_FROM=DIR, an earlier run's unpacked train-larger.tar, carried, continued). Each run
# gets LOADER_WORKERS batch-preparing processes (default 6). For example, two continuations of the
# bundled model with different learning rates and batch sizes, and no checks:
#
#   CHECKS= RUNS="a:data-samples/model:--lr 3e-4;b:data-samples/model:--lr 6e-4 --batch-seconds 256" \
#     scripts/device/gpu_session.sh
#
# A larger model need not start from nothing: scripts/train/widen_model.py writes the bundled model
# at twice its width with the same logits (3.5 M parameters), a run folder to carry and continue:
#
#   /usr/bin/python3 scripts/train/widen_model.py --from data-samples/model --out target/device/wide
#   CHECKS= RUNS="wide:target/device/wide:--lr 6e-4 --batch-seconds 256" scripts/device/gpu_session.sh
#
# Prepare here with scripts/device/fetch_debs.sh, then run with the device tool:
#
#   command: scripts/device/gpu_session.sh      carry: ["target/device"]      timeout_s: 590
#
# Results under $OUT (at most 8 files come back): parity.tsv, parity.log, speed.tsv, speed.log,
# corpus.log, and train-NAME.tar for each run, holding its weights.npz, config.json, train_log.tsv,
# TRAINING.txt, train.log and stage.log. Each step's failure is reported and the others go on; the
# exit status is 1 at the end when any failed (or the speed step had no time left). Back on the
# build machine, for a run to adopt:
#   mkdir -p /tmp/run && tar -xf train-larger.tar -C /tmp/run && python3 scripts/train/export_trained_model.py --trained /tmp/run --out data-samples/model
set -uo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-target/device-out}
TRAIN_UNTIL=${TRAIN_UNTIL:-420}
END=${END:-575}
LARGER_ARGS=${LARGER_ARGS:---hidden 192 --layers 6 --dropout 0.1}
LARGER_FROM=${LARGER_FROM:-}
GRACE=${GRACE:-60}
CHECKS=${CHECKS-parity speed}
if [[ -n $LARGER_FROM ]]; then
  default_runs="continued:data-samples/model:;larger:$LARGER_FROM:"
else
  default_runs="continued:data-samples/model:;larger::$LARGER_ARGS"
fi
RUNS=${RUNS:-$default_runs}
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
# Without -e every step runs; what failed is kept here for the exit status.
failed=()

CORPUS_ONLY=1 OUT="$WORK" nice -n 10 scripts/device/gpu_train.sh >"$WORK/corpus-stage.log" 2>&1 &
corpus=$!
parity=
if [[ " $CHECKS " == *" parity "* ]]; then
  PARITY_LIMIT=$((TRAIN_UNTIL - 30)) scripts/device/gpu_checks.sh parity &
  parity=$!
fi

wait "$corpus"
corpus_status=$?
cp "$WORK/corpus.log" "$OUT/corpus.log" 2>/dev/null
echo "== corpus: exit $corpus_status after $SECONDS s"
tail -n 12 "$WORK/corpus-stage.log"
((corpus_status == 0)) || failed+=("corpus (exit $corpus_status)")
runs=()
if [[ $corpus_status -eq 0 ]]; then
  minutes=$(python3 -c "print(round(max(0.5, ($TRAIN_UNTIL - $SECONDS - 40) / 60), 2))")
  IFS=';' read -ra specs <<<"$RUNS"
  echo "== training ${#specs[@]} runs for $minutes minutes each"
  for spec in "${specs[@]}"; do
    IFS=':' read -r run init args <<<"$spec"
    mkdir -p "$WORK/out-$run"
    echo "   $run: from ${init:-scratch}, options: ${args:-none}"
    # a run that overruns its slot (a slow start, a long last epoch) is stopped, not waited for;
    # at least 1 s, as timeout(1) reads 0 as no limit at all
    stop_after=$((TRAIN_UNTIL + GRACE - SECONDS))
    ((stop_after < 1)) && stop_after=1
    RUN=$run OUT="$WORK/out-$run" MINUTES=$minutes TRAIN_TIMEOUT=$stop_after \
      INIT_FROM=$init TRAIN_ARGS=$args LOADER_WORKERS=${LOADER_WORKERS:-6} \
      scripts/device/gpu_train.sh >"$WORK/out-$run/stage.log" 2>&1 &
    runs+=("$run:$!")
  done
fi

if [[ -n $parity ]]; then
  wait "$parity"
  parity_status=$?
  echo "== parity step: exit $parity_status after $SECONDS s"
  ((parity_status == 0)) || failed+=("parity (exit $parity_status)")
fi
for entry in "${runs[@]}"; do
  run=${entry%%:*}
  wait "${entry#*:}"
  run_status=$?
  echo "== training run $run: exit $run_status after $SECONDS s; its last lines:"
  tail -n 6 "$WORK/out-$run/stage.log"
  ((run_status == 0)) || failed+=("training run $run (exit $run_status)")
  if [[ -f $WORK/$run/weights.npz ]]; then
    tar -cf "$OUT/train-$run.tar" -C "$WORK/$run" . -C "$WORK/out-$run" train.log stage.log \
      || failed+=("train-$run.tar")
  else
    echo "   no train-$run.tar: the run never finished an epoch (its stage.log is above)"
  fi
done

if [[ " $CHECKS " != *" speed "* ]]; then
  echo "== speed: not in CHECKS"
elif ((END - SECONDS >= 30)); then
  SPEED_LIMIT=$((END - SECONDS)) scripts/device/gpu_checks.sh speed || failed+=(speed)
else
  echo "== speed: skipped, only $((END - SECONDS)) s left before END=$END"
  failed+=("speed (skipped)")
fi
echo "== all done after $SECONDS s"
ls -la "$OUT"
if ((${#failed[@]})); then
  echo "gpu_session: failed: ${failed[*]}" >&2
  exit 1
fi
