#!/usr/bin/env python3
"""Golden outputs of transformers itself for a project model directory, for the Java tests.

The model directory is written out as a transformers checkpoint (model_to_checkpoint.py), loaded
with Wav2Vec2ForCTC / Wav2Vec2Processor.from_pretrained, and run on the sample utterances (decoded
by the reference `flac` tool) at batch size 1, float32, on CPU. The tar has the layout GoldenTar
reads:
  - <id>.features.f32: Wav2Vec2FeatureExtractor output (little-endian float32) for the first
    --features-per-split utterances of each split (default 2);
  - <id>.logits.f32: eager Wav2Vec2ForCTC logits ([frames, vocabulary]) for the first
    --logits-per-split utterances of each split (default 2; the defaults keep the tar near 1 MB);
  - texts.tsv: id and Wav2Vec2Processor.batch_decode of the argmax, for every utterance used;
  - SOURCE.txt: the command, the torch and transformers versions and the sha256 of model.pt the
    outputs belong to (the Java tests refuse a golden file of another model).

TransformersGoldenTest reads src/test/resources/parity/golden.tar (the bundled model, all 60
samples); LargeArchitectureParityIT reads transformers-large-960h.tar (the seeded random model of
large-960h's shape that scripts/make_random_model.py writes, on a spread of 4 utterances).

Usage (from the repository root, where transformers is installed; scripts/with-transformers.sh
provides such a place):
    python3 scripts/parity/transformers_golden.py
    python3 scripts/parity/transformers_golden.py --model target/random-large-960h --utterances 4 \
        --features-per-split 0 --out src/test/resources/parity/transformers-large-960h.tar
"""

import argparse
import json
import sys
import tempfile
from pathlib import Path

import torch
import transformers
from transformers import Wav2Vec2ForCTC, Wav2Vec2Processor

from golden_files import load_samples, shown, spread, write_checkpoint, write_tar

REPO_ROOT = Path(__file__).resolve().parent.parent.parent


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--model", type=Path, default=REPO_ROOT / "data-samples" / "model",
                   help="project model directory (default data-samples/model)")
    p.add_argument("--out", type=Path, default=REPO_ROOT / "src/test/resources/parity/golden.tar")
    p.add_argument("--utterances", type=int, help="this many utterances spread over the samples (default all)")
    p.add_argument("--features-per-split", type=int, default=2)
    p.add_argument("--logits-per-split", type=int, default=2)
    p.add_argument("--flac", default="flac", help="path of the reference flac tool")
    args = p.parse_args()
    utterances = load_samples(args.flac)
    if args.utterances:
        utterances = spread(utterances, args.utterances)
    with tempfile.TemporaryDirectory() as tmp:
        checkpoint = write_checkpoint(args.model, Path(tmp) / "checkpoint")
        files = reference_outputs(checkpoint, utterances, args.features_per_split, args.logits_per_split)
    model_sha256 = json.loads((args.model / "model.json").read_text())["sha256"]
    command = " ".join(["scripts/parity/transformers_golden.py"] + sys.argv[1:])
    files["SOURCE.txt"] = (f"made by {command} from {shown(args.model)} (model_to_checkpoint.py) with torch "
                           f"{torch.__version__}, transformers {transformers.__version__}, on CPU in float32\n"
                           f"model_sha256: {model_sha256}\n").encode("utf-8")
    write_tar(files, args.out)
    print(f"wrote {len(utterances)} transcripts and {len(files) - 2} arrays to {args.out}")


def reference_outputs(checkpoint, utterances, features_per_split, logits_per_split):
    """{name: bytes} of features, logits and texts.tsv, as transformers computes them."""
    processor = Wav2Vec2Processor.from_pretrained(checkpoint)
    extractor = processor.feature_extractor
    model = Wav2Vec2ForCTC.from_pretrained(checkpoint).eval()
    files, texts, per_split = {}, [], {}
    for split, utt_id, audio in utterances:
        features = extractor(audio, sampling_rate=16000, return_tensors="np").input_values[0].astype("<f4")
        with torch.no_grad():
            logits = model(torch.from_numpy(features)[None]).logits[0].numpy().astype("<f4")
        texts.append(f"{utt_id}\t{processor.batch_decode(logits.argmax(-1)[None])[0]}\n")
        per_split[split] = per_split.get(split, 0) + 1
        if per_split[split] <= features_per_split:
            files[f"{utt_id}.features.f32"] = features.tobytes()
        if per_split[split] <= logits_per_split:
            files[f"{utt_id}.logits.f32"] = logits.tobytes()
    files["texts.tsv"] = "".join(texts).encode("utf-8")
    return files


if __name__ == "__main__":
    main()
