#!/usr/bin/env bash
# Transcripts of folders of FLAC/WAV recordings and of tar/tar.gz archives, as a Spark job.
#
#   jobs/transcribe.sh --input URI... --model DIR --output URI [--format parquet|jsonl] [--word-times]
#   jobs/transcribe.sh                     # the bundled samples with the bundled model
#
# Each of --input, --model and --output left out takes its default (the bundled samples, the
# bundled model, runs/transcribe-<time>/), and the job says on stderr which. Rerunning with the same
# --output transcribes only what earlier runs did not. With SPARK_HOME set the job goes through
# $SPARK_HOME/bin/spark-submit; without it, it runs on an embedded local Spark.
# `jobs/transcribe.sh --help` lists every option.
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"
run_job org.wav2vec2spark.jobs.TranscribeJob "$@"
