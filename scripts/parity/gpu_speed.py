#!/usr/bin/env python3
"""Model-only speed of this project's TorchScript export against eager transformers, on one GPU.

Issue #7 measured eager transformers at 31 ms per fp16 batch of 32 x 8 s with the large-960h shape
and a *traced* TorchScript of the same model at 88 ms, and asked why. The export here is scripted
source using aten::scaled_dot_product_attention, not a trace; this script measures whether that
closes the gap, and what padded-length rounding (the evaluate job's --length-bucket-seconds) buys
when every batch has a new length. Random weights (speed does not depend on them), seeded.

Rows (tab-separated, to --out): implementation, dtype, workload, ms per batch (median of --repeats
after warm-up), audio seconds per batch, RTFx (audio seconds per wall second, model only). Beside
eager transformers and this project's exact export, three reference rows: the plain export
(--no-exact, which isolates what exact batching costs) and the eager model traced with
torch.jit.trace (the issue's 88 ms case), both on the fixed workload the trace was made for, and
eager float32 at batch size 1 (the model card's loop) on the varied utterances one at a time.

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
    p.add_argument("--device", default="cuda", help="cuda (default), or cpu to try the script on a small machine")
    p.add_argument("--dtypes", default="float16,float32,bfloat16", help="comma-separated (default all three)")
    args = p.parse_args()
    torch.manual_seed(0)
    device = args.device
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
        for name in ("vocab.json", "preprocessor_config.json"):
            (checkpoint / name).write_bytes((REPO_ROOT / "data-samples/model" / name).read_bytes())
        # float16 first: the target is in float16, and a run cut short keeps its rows
        for dtype_name in args.dtypes.split(","):
            dtype = getattr(torch, dtype_name)
            script = export(checkpoint, Path(tmp) / f"export-{dtype_name}", dtype_name, device)
            plain = export(checkpoint, Path(tmp) / f"plain-{dtype_name}", dtype_name, device, "--no-exact")
            model = eager.to(device=device, dtype=dtype)
            traced = trace(model, workloads["fixed 32 x 8 s"][0], dtype, device)
            for workload, batches in workloads.items():
                forwards = [("eager transformers (sdpa)", lambda x, n: model(x.to(dtype)).logits),
                            ("this project's TorchScript, exact", lambda x, n: script(x, n))]
                if workload.startswith("fixed"):
                    # the plain export isolates what exact batching costs; the trace, what tracing costs
                    forwards.append(("this project's TorchScript, plain (--no-exact)", lambda x, n: plain(x)))
                    forwards.append(("eager transformers traced with torch.jit.trace", lambda x, n: traced(x.to(dtype))))
                for implementation, forward in forwards:
                    add_row(rows, args.out, implementation, dtype_name, workload, *measure(forward, batches, device))
            if dtype == torch.float32:
                one_at_a_time = [(np.asarray([s]), s) for batch in varied for s in batch]
                add_row(rows, args.out, "eager transformers, batch size 1 (the model card's loop)", dtype_name,
                        "varied, one at a time", *measure(lambda x, n: model(x).logits, one_at_a_time, device))
    where = torch.cuda.get_device_name() if device == "cuda" else device
    print(f"torch {torch.__version__}, transformers {transformers.__version__}, {where}; TF32 matmul "
          f"{torch.backends.cuda.matmul.allow_tf32}, TF32 cuDNN {torch.backends.cudnn.allow_tf32}")


def export(checkpoint, directory, dtype_name, device, *options):
    """The checkpoint through scripts/export_wav2vec2.py, loaded onto the device."""
    subprocess.run([sys.executable, str(REPO_ROOT / "scripts/export_wav2vec2.py"), "--model", str(checkpoint),
                    "--out", str(directory), "--dtype", dtype_name, *options], check=True, cwd=REPO_ROOT)
    return torch.jit.load(str(directory / "model.pt"), map_location=device).eval()


def add_row(rows, out, implementation, dtype_name, workload, ms, audio):
    rows.append(f"{implementation}\t{dtype_name}\t{workload}\t{ms:.1f}\t{audio:.1f}\t{audio / (ms / 1000):.0f}\n")
    print(rows[-1], end="", flush=True)
    out.write_text("".join(rows), encoding="utf-8")


def trace(model, batch, dtype, device):
    """The eager model traced with torch.jit.trace on one batch of the given shape, as the issue did."""

    class Logits(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.model = model

        def forward(self, x):
            return self.model(x).logits

    seconds, pad_to = batch
    example = torch.randn(len(seconds), int(round(pad_to * RATE)), device=device, dtype=dtype)
    with torch.no_grad():
        return torch.jit.trace(Logits().eval(), example, check_trace=False)


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
    synchronize = torch.cuda.synchronize if device == "cuda" else (lambda: None)
    with torch.inference_mode():
        for rep in range(3):
            for x, n in inputs:
                synchronize()
                start = time.perf_counter()
                forward(x, n)
                synchronize()
                if rep == 2:
                    times.append((time.perf_counter() - start) * 1000)
    audio = float(np.mean([np.sum(seconds) for seconds, _ in batches]))
    return statistics.median(times), audio


if __name__ == "__main__":
    main()
