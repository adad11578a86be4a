#!/usr/bin/env bash
# Scores existing transcripts in Kaldi text format (`<utt-id> <words>` per line) with the project's
# scorer, so that output of any other system compares with this project's runs.
#
#   jobs/score.sh --ref REF --hyp HYP [--output DIR [--overwrite]] [--split NAME]
#                 [--mode all|present|strict] [--case-folding none|upper]
#
# Prints compute-wer's %WER/%SER lines, %CER and the ids present in only one file; --output also
# writes summary.json (as jobs/evaluate.sh does) and utterances.tsv, and refuses a folder that
# holds results unless --overwrite. Exit 0 scored, 2 bad input or a refused folder.
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"
run_java org.wav2vec2spark.jobs.ScoreJob "$@"
