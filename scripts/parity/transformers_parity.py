#!/usr/bin/env python3
"""Parity of this project's exported TorchScript with eager transformers, measured in Python.

Runs where torch and transformers are installed (scripts/with-transformers.sh on any Debian machine,
or a GPU machine for the CUDA rows; no network needed: both models are local, the bundled one
written out by model_to_checkpoint.py and one of large-960h's shape with random weights made by
transformers itself and saved with save_pretrained, which the export tool then reads). It writes
--out/parity.tsv: per configuration (bundled model, large-960h shape), device and check, the max
|difference| against the reference named in the check, frames whose argmax differs although the
reference's top-two margin exceeds 1e-3, all frames, and frames under that margin. The golden files
the Java tests compare with come from transformers_golden.py.

Checks per device (CPU, and CUDA when present; TF32 off so float32 means float32):
  torchscript vs eager at batch size 1; torchscript padded batch vs its batch size 1 (exact export);
  eager transformers padded batch with attention_mask vs its batch size 1 (the leak exact batching
  removes); on CUDA also the float16 and bfloat16 exports vs eager in the same dtype and vs float32.

Usage (from the repository root; FLAC is decoded with the reference `flac` tool):
    python3 scripts/parity/transformers_parity.py --out /tmp/parity --flac /path/to/flac
"""

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import torch
import transformers
from transformers import Wav2Vec2Config, Wav2Vec2FeatureExtractor, Wav2Vec2ForCTC

from golden_files import load_samples, spread, write_checkpoint

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
MARGIN = 1e-3
LARGE_UTTERANCES = 8


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--flac", default="flac", help="path of the reference flac tool")
    p.add_argument("--large-utterances", type=int, default=LARGE_UTTERANCES,
                   help=f"utterances for the large-960h shape (default {LARGE_UTTERANCES}; 0 skips it)")
    p.add_argument("--reduced-precision-on", default="cuda",
                   help="comma-separated devices that also check the float16 and bfloat16 exports "
                        "(default cuda; cpu only to try the script on a machine without a GPU)")
    args = p.parse_args()
    torch.manual_seed(0)
    torch.backends.cudnn.allow_tf32 = False
    torch.backends.cuda.matmul.allow_tf32 = False
    args.out.mkdir(parents=True, exist_ok=True)
    utterances = load_samples(args.flac)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        bundled = write_checkpoint(REPO_ROOT / "data-samples/model", Path(tmp) / "bundled-hf")
        reduced_on = set(args.reduced_precision_on.split(","))
        rows += compare(bundled, Path(tmp), "bundled synthetic-small", utterances, reduced_on)
        flush(rows, args.out)
        if args.large_utterances > 0:
            large = Path(tmp) / "large-hf"
            write_random_large(large, bundled)
            rows += compare(large, Path(tmp), "large-960h shape, random", spread(utterances, args.large_utterances),
                            reduced_on)
            flush(rows, args.out)
    print(f"torch {torch.__version__}, transformers {transformers.__version__}")


def flush(rows, out):
    lines = ["configuration\tdevice\tcheck\tmax_abs_diff\targmax_mismatches\tframes\tframes_under_margin\n"]
    lines += ["\t".join(str(v) for v in row) + "\n" for row in rows]
    (out / "parity.tsv").write_text("".join(lines), encoding="utf-8")
    print(lines[-1], end="", flush=True)


def run(script, *arguments):
    subprocess.run([sys.executable, str(REPO_ROOT / script), *arguments], check=True, cwd=REPO_ROOT)


def write_random_large(folder, vocab_source):
    config = Wav2Vec2Config(vocab_size=32, hidden_size=1024, num_hidden_layers=24, num_attention_heads=16,
                            intermediate_size=4096, feat_extract_norm="group", do_stable_layer_norm=False,
                            conv_bias=False, num_conv_pos_embeddings=128, num_conv_pos_embedding_groups=16,
                            hidden_dropout=0.0, attention_dropout=0.0, activation_dropout=0.0,
                            feat_proj_dropout=0.0, final_dropout=0.0, layerdrop=0.0)
    Wav2Vec2ForCTC(config).save_pretrained(folder)
    for name in ("vocab.json", "preprocessor_config.json", "tokenizer_config.json", "special_tokens_map.json"):
        if (vocab_source / name).is_file():
            (folder / name).write_bytes((vocab_source / name).read_bytes())


def compare(checkpoint, tmp, name, utterances, reduced_on):
    exported = {}
    for dtype in ("float32", "float16", "bfloat16"):
        exported[dtype] = tmp / f"{checkpoint.name}-{dtype}"
        run("scripts/export_wav2vec2.py", "--model", str(checkpoint), "--out", str(exported[dtype]), "--dtype", dtype)
    eager = Wav2Vec2ForCTC.from_pretrained(checkpoint).eval()
    extractor = Wav2Vec2FeatureExtractor.from_pretrained(checkpoint)
    inputs = [torch.from_numpy(extractor(a, sampling_rate=16000, return_tensors="np").input_values[0])
              for _, _, a in utterances]
    lengths = torch.tensor([len(x) for x in inputs])
    padded = torch.zeros(len(inputs), int(lengths.max()))
    mask = torch.zeros(len(inputs), int(lengths.max()), dtype=torch.long)
    for i, x in enumerate(inputs):
        padded[i, :len(x)] = x
        mask[i, :len(x)] = 1
    rows = []
    devices = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
    for device in devices:
        model = eager.to(device).float()
        with torch.no_grad():
            reference = [model(x[None].to(device)).logits[0].float().cpu() for x in inputs]
            eager_batch = model(padded.to(device), attention_mask=mask.to(device)).logits.float().cpu()
            alone, batched = run_export(exported["float32"], device, inputs, padded, lengths)
        rows.append((name, device, "torchscript vs eager, batch size 1", *differences(reference, alone)))
        rows.append((name, device, "torchscript padded batch vs its batch size 1", *differences(alone, batched)))
        rows.append((name, device, "eager padded batch with attention_mask vs its batch size 1",
                     *differences(reference, cut(eager_batch, reference))))
        if device not in reduced_on:
            continue
        for dtype, torch_dtype in (("float16", torch.float16), ("bfloat16", torch.bfloat16)):
            # from the float32 weights, not from the previous dtype's rounding of them
            reduced = Wav2Vec2ForCTC.from_pretrained(checkpoint).eval().to(device=device, dtype=torch_dtype)
            with torch.no_grad():
                reduced_reference = [reduced(x[None].to(device, torch_dtype)).logits[0].float().cpu() for x in inputs]
                reduced_alone, reduced_batched = run_export(exported[dtype], device, inputs, padded, lengths)
            rows.append((name, device, f"{dtype} torchscript vs {dtype} eager, batch size 1",
                         *differences(reduced_reference, reduced_alone)))
            rows.append((name, device, f"{dtype} torchscript vs float32 eager, batch size 1",
                         *differences(reference, reduced_alone)))
            rows.append((name, device, f"{dtype} torchscript padded batch vs its batch size 1",
                         *differences(reduced_alone, reduced_batched)))
    return rows


def run_export(directory, device, inputs, padded, lengths):
    script = torch.jit.load(str(directory / "model.pt"), map_location=device).eval()
    with torch.no_grad():
        alone = [script(x[None].to(device), torch.tensor([len(x)], device=device))[0].float().cpu() for x in inputs]
        batched = script(padded.to(device), lengths.to(device)).float().cpu()
    return alone, cut(batched, alone)


def cut(batch, like):
    return [batch[i, :len(a)] for i, a in enumerate(like)]


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
