#!/usr/bin/env bash
# Times our FLAC decoder against jflac 1.5.2 and the reference `flac -d` in one run.
#
# Usage: jobs/bench-flac.sh [FILE.flac] [repetitions] [warm-ups]
#        (defaults: a generated file, 15, 5; "" as FILE also generates one)
#        jobs/bench-flac.sh --survey   (correctness of ours and jflac over the test encodings)
#        jobs/bench-flac.sh --help     (this text)
# Without FILE it makes a speech-like test file: espeak-ng speech, repeated to about five
# minutes, resampled to 16 kHz 16-bit mono, mixed with faint pink noise (so silences are not
# digital zeros), encoded by `flac` at its default level (-5).
# A relative FILE is taken from the directory the script is run from.
# Needs: java 17, maven (offline repository filled), flac, sox, espeak-ng.
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"
exit_with_usage_if_asked "${BASH_SOURCE[0]}" "$@"

if [[ "${1:-}" == "--survey" ]]; then
  classpath="$(test_classpath)"
  java="$(java_binary)" || exit 2
  exec "$java" -cp "$classpath" org.wav2vec2spark.audio.FlacCorrectnessSurvey
fi

file="${1:-}"
repetitions="${2:-15}"
warmups="${3:-5}"
# flac times the reference decoder; sox and espeak-ng make the test file when none is given.
needed=(flac)
[[ -n "$file" ]] || needed+=(sox espeak-ng)
for tool in "${needed[@]}"; do
  command -v "$tool" >/dev/null || {
    echo "bench-flac: needs '$tool' (apt-get install $tool)" >&2
    exit 2
  }
done
if [[ -z "$file" ]]; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  espeak-ng -v en-us -s 160 -w "$work/phrase.wav" \
    "The quick brown fox jumps over the lazy dog. Speech recognition systems are evaluated by\
 word error rate, computed from substitutions, deletions and insertions against a reference\
 transcript. She sells sea shells by the sea shore, and the shells she sells are sea shells."
  sox -V1 "$work/phrase.wav" -r 16000 -c 1 -b 16 "$work/speech.wav" repeat 17
  seconds="$(soxi -D "$work/speech.wav")"
  sox -V1 -n -r 16000 -c 1 -b 16 "$work/noise.wav" synth "$seconds" pinknoise vol 0.01
  sox -V1 -m "$work/speech.wav" "$work/noise.wav" "$work/mixed.wav"
  flac -s -f -o "$work/speech.flac" "$work/mixed.wav"
  file="$work/speech.flac"
fi

classpath="$(test_classpath)"
java="$(java_binary)" || exit 2
"$java" -cp "$classpath" org.wav2vec2spark.audio.FlacDecodeBenchmark "$file" "$repetitions" "$warmups"
