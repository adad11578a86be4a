#!/usr/bin/env bash
# Corpus WER/CER of a wav2vec2 model on LibriSpeech-layout splits, as a Spark job.
#
#   jobs/evaluate.sh                      # the bundled samples with the bundled model
#   jobs/evaluate.sh --splits test-clean  # the same, one split
#   jobs/evaluate.sh --data URI --model DIR --output URI [--splits a,b] [--master M] [spark-submit options]
#
# Each of --data, --model and --output that neither the command line nor a --config preset gives
# takes its default (the bundled samples, the bundled model, runs/evaluate-<time>/), and the job
# says on stderr which. With SPARK_HOME set the job goes through $SPARK_HOME/bin/spark-submit;
# without it, it runs on an embedded local Spark. `jobs/evaluate.sh --help` lists every option.
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"
run_job org.wav2vec2spark.jobs.EvaluateJob "$@"
