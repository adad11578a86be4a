#!/usr/bin/env python3
"""Golden transcripts of transformers' chunked ASR pipeline, for comparing with the transcribe job.

NOT YET RUN: this machine has no torch/transformers. Run it on a GPU machine (or any machine with
torch + transformers) and commit its output as src/test/resources/chunking/golden.tsv, then add a
test comparing the transcribe job's transcripts on the same recordings with the same settings.

    python3 scripts/make_chunking_golden.py --model facebook/wav2vec2-base-960h \
        --chunk 30 --stride 5 RECORDING.flac... > src/test/resources/chunking/golden.tsv

Each line: file, chunk_length_s, stride_length_s, transformers version, transcript. The recordings
should be several minutes long (e.g. made with sox from LibriSpeech utterances, as
TranscribeJobTest does) so that many windows are stitched.
"""
import argparse
import sys

import soundfile
import torch
import transformers
from transformers import pipeline


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", required=True)
    parser.add_argument("--chunk", type=float, default=30)
    parser.add_argument("--stride", type=float, default=None, help="default: chunk / 6")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    stride = args.stride if args.stride is not None else args.chunk / 6
    asr = pipeline(
        "automatic-speech-recognition",
        model=args.model,
        device=0 if torch.cuda.is_available() else -1,
        # batch_size 1, float32: the settings the Java side reproduces.
    )
    for path in args.files:
        audio, rate = soundfile.read(path, dtype="float32")
        assert rate == 16000, f"{path}: {rate} Hz"
        out = asr(
            {"raw": audio, "sampling_rate": rate},
            chunk_length_s=args.chunk,
            stride_length_s=stride,
        )
        print(f"{path}\t{args.chunk}\t{stride}\t{transformers.__version__}\t{out['text']}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
