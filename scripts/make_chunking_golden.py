#!/usr/bin/env python3
"""Golden transcripts of transformers' chunked ASR pipeline, for comparing with the transcribe job.

Runs where torch and transformers are installed, on CPU (scripts/with-transformers.sh provides such
a place on any Debian machine; no network needed).
The model is the bundled one, written out as a transformers checkpoint by model_to_checkpoint.py;
the recording is all 60 bundled utterances end to end (test-clean then test-other, 3.9 minutes), in
sorted path order, decoded with the reference `flac` tool: the samples TranscribeJobTest joins with
sox (which copies 16-bit samples unchanged). For each chunk/stride setting it runs

    pipeline("automatic-speech-recognition", ...)(audio, chunk_length_s=C, stride_length_s=S)

at batch size 1 in float32, and writes one line per setting to --out: chunk_length_s,
stride_length_s, the sha256 of the bundled model.pt, torch and transformers versions, transcript
(tab-separated), by default to src/test/resources/chunking/golden.tsv: TranscribeJobTest runs the
transcribe job with each setting and expects the same transcript.

Usage (from the repository root):
    sudo scripts/with-transformers.sh python3 scripts/make_chunking_golden.py
"""
import argparse
import json
import sys
import tempfile
from pathlib import Path

import numpy as np
import torch
import transformers
from transformers import Wav2Vec2ForCTC, Wav2Vec2Processor, pipeline

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT / "scripts" / "parity"))
from golden_files import load_samples, write_checkpoint  # noqa: E402

# chunk_length_s and stride_length_s; None = the transcribe job's default stride, chunk / 6
SETTINGS = [(20.0, None), (30.0, 5.0), (10.0, 2.0)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--flac", default="flac", help="path of the reference flac tool")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "src/test/resources/chunking/golden.tsv")
    args = parser.parse_args()
    torch.backends.cudnn.allow_tf32 = False
    torch.backends.cuda.matmul.allow_tf32 = False
    audio = np.concatenate([audio for _, _, audio in load_samples(args.flac)])
    model_sha256 = json.loads((REPO_ROOT / "data-samples/model/model.json").read_text())["sha256"]
    with tempfile.TemporaryDirectory() as tmp:
        checkpoint = write_checkpoint(REPO_ROOT / "data-samples/model", Path(tmp) / "bundled-hf")
        processor = Wav2Vec2Processor.from_pretrained(checkpoint)
        model = Wav2Vec2ForCTC.from_pretrained(checkpoint).eval()
        asr = pipeline("automatic-speech-recognition", model=model, tokenizer=processor.tokenizer,
                       feature_extractor=processor.feature_extractor,
                       device=-1)  # float32 on CPU, as the golden file and TranscribeJobTest say
        lines = []
        for chunk, stride in SETTINGS:
            stride = chunk / 6 if stride is None else stride
            out = asr({"raw": audio, "sampling_rate": 16000}, chunk_length_s=chunk, stride_length_s=stride)
            lines.append(f"{chunk}\t{stride}\t{model_sha256}\ttorch {torch.__version__}, transformers "
                         f"{transformers.__version__}\t{out['text']}\n")
    args.out.write_text("".join(lines), encoding="utf-8")
    print(f"{len(audio) / 16000:.1f} s of audio; wrote {args.out}")
    print("".join(lines))


if __name__ == "__main__":
    main()
