#!/usr/bin/env python3
"""Parity of this project's exported TorchScript with eager transformers, and golden files for CI.

NOT YET RUN: it needs torch and transformers (the GPU machine of issue #6; this project's build
machine cannot install transformers). It writes, under --out:

* golden/<id>.features.f32: Wav2Vec2FeatureExtractor(do_normalize=True) output for each sample
  utterance (little-endian float32, no header);
* golden/<id>.logits.f32: eager Wav2Vec2ForCTC logits at batch size 1, float32, CPU ([frames, 32]);
* golden/texts.tsv: id and Wav2Vec2Processor.batch_decode of those logits;
* parity.tsv: one row per configuration (bundled model, large-960h layout with random weights),
  device and check: max |difference| of the exported TorchScript against eager transformers at
  batch size 1, and of padded batches against batch size 1 (exact export), with the number of
  frames whose argmax differs and how many frames have a top-two margin under 1e-3.

Usage (from the repository root; FLAC is decoded with the `flac` tool):
    python3 scripts/parity/transformers_parity.py --out /tmp/parity
"""

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import torch
import transformers
from transformers import Wav2Vec2Config, Wav2Vec2FeatureExtractor, Wav2Vec2ForCTC, Wav2Vec2Processor

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
SAMPLES = REPO_ROOT / "data-samples" / "LibriSpeech"
MARGIN = 1e-3


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--flac", default="flac", help="path of the flac tool")
    args = p.parse_args()
    torch.manual_seed(0)
    (args.out / "golden").mkdir(parents=True, exist_ok=True)
    utterances = load_samples(args.flac)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        bundled = Path(tmp) / "bundled-hf"
        run("scripts/model_to_checkpoint.py", "data-samples/model", str(bundled))
        write_golden(bundled, utterances, args.out / "golden")
        rows += compare(bundled, Path(tmp) / "bundled-exported", "bundled synthetic-small", utterances)
        large = Path(tmp) / "large-hf"
        write_random_large(large, bundled)
        rows += compare(large, Path(tmp) / "large-exported", "large-960h layout, random", utterances[:8])
    lines = ["configuration\tdevice\tcheck\tmax_abs_diff\targmax_mismatches\tframes\tframes_under_margin\n"]
    lines += ["\t".join(str(v) for v in row) + "\n" for row in rows]
    (args.out / "parity.tsv").write_text("".join(lines), encoding="utf-8")
    print("".join(lines))
    print(f"torch {torch.__version__}, transformers {transformers.__version__}")


def run(script, *arguments):
    subprocess.run([sys.executable, str(REPO_ROOT / script), *arguments], check=True, cwd=REPO_ROOT)


def load_samples(flac):
    utterances = []
    for path in sorted(SAMPLES.glob("*/*/*/*.flac")):
        raw = subprocess.run([flac, "-d", "-c", "-s", "--force-raw-format", "--endian=little", "--sign=signed",
                              str(path)], check=True, stdout=subprocess.PIPE).stdout
        utterances.append((path.stem, np.frombuffer(raw, dtype="<i2").astype(np.float32) / 32768.0))
    return utterances


def write_golden(checkpoint, utterances, out):
    extractor = Wav2Vec2FeatureExtractor.from_pretrained(checkpoint)
    processor = Wav2Vec2Processor.from_pretrained(checkpoint)
    model = Wav2Vec2ForCTC.from_pretrained(checkpoint).eval()
    texts = []
    for utt_id, audio in utterances:
        features = extractor(audio, sampling_rate=16000, return_tensors="np").input_values[0].astype("<f4")
        features.tofile(out / f"{utt_id}.features.f32")
        with torch.no_grad():
            logits = model(torch.from_numpy(features)[None]).logits[0].numpy().astype("<f4")
        logits.tofile(out / f"{utt_id}.logits.f32")
        texts.append(f"{utt_id}\t{processor.batch_decode(logits.argmax(-1)[None])[0]}\n")
    (out / "texts.tsv").write_text("".join(texts), encoding="utf-8")


def write_random_large(folder, vocab_source):
    config = Wav2Vec2Config(vocab_size=32, hidden_size=1024, num_hidden_layers=24, num_attention_heads=16,
                            intermediate_size=4096, feat_extract_norm="group", do_stable_layer_norm=False,
                            conv_bias=False, num_conv_pos_embeddings=128, num_conv_pos_embedding_groups=16)
    Wav2Vec2ForCTC(config).save_pretrained(folder)
    for name in ("vocab.json", "preprocessor_config.json", "tokenizer_config.json"):
        (folder / name).write_bytes((vocab_source / name).read_bytes())


def compare(checkpoint, exported, name, utterances):
    run("scripts/export_wav2vec2.py", "--model", str(checkpoint), "--out", str(exported))
    eager = Wav2Vec2ForCTC.from_pretrained(checkpoint).eval()
    extractor = Wav2Vec2FeatureExtractor.from_pretrained(checkpoint)
    inputs = [torch.from_numpy(extractor(a, sampling_rate=16000, return_tensors="np").input_values[0])
              for _, a in utterances]
    rows = []
    devices = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
    for device in devices:
        script = torch.jit.load(str(exported / "model.pt"), map_location=device).eval()
        model = eager.to(device)
        alone, reference = [], []
        with torch.no_grad():
            for x in inputs:
                x = x[None].to(device)
                reference.append(model(x).logits[0].float().cpu())
                alone.append(script(x, torch.tensor([x.shape[1]], device=device))[0].float().cpu())
            lengths = torch.tensor([len(x) for x in inputs])
            padded = torch.zeros(len(inputs), int(lengths.max()))
            for i, x in enumerate(inputs):
                padded[i, :len(x)] = x
            batched = script(padded.to(device), lengths.to(device)).float().cpu()
        batched = [batched[i, :len(a)] for i, a in enumerate(alone)]
        rows.append((name, device, "torchscript vs eager, batch size 1", *differences(reference, alone)))
        rows.append((name, device, "torchscript padded batch vs batch size 1", *differences(alone, batched)))
    return rows


def differences(expected, actual):
    max_diff, mismatches, frames, under = 0.0, 0, 0, 0
    for e, a in zip(expected, actual):
        assert e.shape == a.shape, (e.shape, a.shape)
        max_diff = max(max_diff, (e - a).abs().max().item())
        top2 = e.topk(2, dim=-1).values
        margin = top2[:, 0] - top2[:, 1]
        differs = e.argmax(-1) != a.argmax(-1)
        mismatches += int((differs & (margin > MARGIN)).sum())
        under += int((margin <= MARGIN).sum())
        frames += e.shape[0]
    return f"{max_diff:.3g}", mismatches, frames, under


if __name__ == "__main__":
    main()
