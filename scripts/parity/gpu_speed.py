#!/usr/bin/env python3
"""Model-only speed of this project's TorchScript export against eager transformers, on one GPU.

Issue #7 measured eager transformers at 31 ms per fp16 batch of 32 x 8 s with the large-960h shape
and a *traced* TorchScript of the same model at 88 ms, and asked why. The export here is scripted
source using aten::scaled_dot_product_attention, not a trace; this script measures whether that
closes the gap, and what padded-length rounding (the evaluate job's --length-bucket-seconds) buys
when every batch has a new length. Random weights (speed does not depend on them), seeded.

Rows (tab-separated, to --out): implementation, dtype, workload, ms per batch (median of --repeats
after warm-up), audio seconds per batch, RTFx (audio seconds per wall second, model only).

Usage (from the repository root, on a machine with CUDA, torch and transformers):
    python3 scripts/parity/gpu_speed.py --out speed.tsv
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch
import transformers
from transformers import Wav2Vec2Config, Wav2Vec2ForCTC

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
RATE = 16000


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--repeats", type=int, default=10)
    args = p.parse_args()
    torch.manual_seed(0)
    device = "cuda"
    rng = np.random.default_rng(20261129)
    # LibriSpeech test-clean-like lengths: log-normal, median 6 s, clipped to 1.3..35 s; sorted
    # batches of 16 as the job's planner makes them.
    lengths = np.sort(np.clip(rng.lognormal(np.log(6.0), 0.65, 16 * args.repeats), 1.3, 35.0))
    varied = [lengths[i * 16:(i + 1) * 16] for i in range(args.repeats)]
    # each batch: (utterance lengths in seconds, padded length in seconds)
    workloads = {
        "fixed 32 x 8 s": [(np.full(32, 8.0), 8.0)] * args.repeats,
        "varied, 16 a batch": [(b, b.max()) for b in varied],
        "varied, 16 a batch, padded to whole seconds": [(b, np.ceil(b.max())) for b in varied],
    }
    rows = ["implementation\tdtype\tworkload\tms_per_batch\taudio_s_per_batch\trtfx\n"]
    with tempfile.TemporaryDirectory() as tmp:
        checkpoint = Path(tmp) / "large-hf"
        config = Wav2Vec2Config(vocab_size=32, hidden_size=1024, num_hidden_layers=24, num_attention_heads=16,
                                intermediate_size=4096, feat_extract_norm="group", do_stable_layer_norm=False,
                                conv_bias=False, num_conv_pos_embeddings=128, num_conv_pos_embedding_groups=16)
        eager = Wav2Vec2ForCTC(config).eval()
        eager.save_pretrained(checkpoint)
        (checkpoint / "vocab.json").write_bytes((REPO_ROOT / "data-samples/model/vocab.json").read_bytes())
        for dtype_name, dtype in (("float32", torch.float32), ("float16", torch.float16), ("bfloat16", torch.bfloat16)):
            exported = Path(tmp) / f"export-{dtype_name}"
            subprocess.run([sys.executable, str(REPO_ROOT / "scripts/export_wav2vec2.py"), "--model", str(checkpoint),
                            "--out", str(exported), "--dtype", dtype_name], check=True, cwd=REPO_ROOT)
            script = torch.jit.load(str(exported / "model.pt"), map_location=device).eval()
            model = eager.to(device=device, dtype=dtype)
            for workload, batches in workloads.items():
                for implementation, forward in (
                        ("eager transformers (sdpa)", lambda x, n: model(x.to(dtype)).logits),
                        ("this project's TorchScript, exact", lambda x, n: script(x, n))):
                    ms, audio = measure(forward, batches, device)
                    rows.append(f"{implementation}\t{dtype_name}\t{workload}\t{ms:.1f}\t{audio:.1f}\t"
                                f"{audio / (ms / 1000):.0f}\n")
                    print(rows[-1], end="", flush=True)
                    args.out.write_text("".join(rows), encoding="utf-8")
    print(f"torch {torch.__version__}, transformers {transformers.__version__}, {torch.cuda.get_device_name()}")


def measure(forward, batches, device):
    """Median ms per batch after two warm-up passes over the batches, and mean audio seconds per batch."""
    inputs = []
    for seconds, pad_to in batches:
        samples = (np.asarray(seconds) * RATE).astype(int)
        x = torch.randn(len(samples), int(round(pad_to * RATE)), device=device)
        for i, n in enumerate(samples):
            x[i, n:] = 0
        inputs.append((x, torch.tensor(samples, device=device)))
    times = []
    with torch.inference_mode():
        for rep in range(3):
            for x, n in inputs:
                torch.cuda.synchronize()
                start = time.perf_counter()
                forward(x, n)
                torch.cuda.synchronize()
                if rep == 2:
                    times.append((time.perf_counter() - start) * 1000)
    audio = float(np.mean([np.sum(seconds) for seconds, _ in batches]))
    return statistics.median(times), audio


if __name__ == "__main__":
    main()
