#!/usr/bin/env bash
# Corpus WER/CER of a wav2vec2 model on LibriSpeech-layout splits, as a Spark job.
#
#   jobs/evaluate.sh                      # the bundled samples with the bundled model
#   jobs/evaluate.sh --data URI --model DIR --output URI [--splits a,b] [--master M] [spark-submit options]
#
# With SPARK_HOME set the job goes through $SPARK_HOME/bin/spark-submit; without it, it runs on an
# embedded local Spark. `jobs/evaluate.sh --help` lists every option.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if (($# == 0)); then
  set -- --data "$PROJECT_ROOT/data-samples/LibriSpeech" --model "$PROJECT_ROOT/data-samples/model" \
    --output "$PROJECT_ROOT/runs/evaluate-$(date +%Y%m%d-%H%M%S)"
  echo "Evaluating the bundled samples: $*" >&2
fi
run_job org.wav2vec2spark.jobs.EvaluateJob "$@"
