#!/usr/bin/env python3
"""Write a randomly initialised wav2vec2 CTC model directory, without torch.

A random model has the real architecture and vocabulary but recognises nothing. The tiny one is for
experiments that need a second, different model; the large-960h one (facebook/wav2vec2-large-960h's
exact shape, 315M parameters, 1.3 GB in float32) is what the GPU speed benchmarks need, written
without downloading anything. The archive format is written by wav2vec2_archive.py.

Usage:
    python3 scripts/make_random_model.py [OUT_DIR]            # tiny, float32, exact batching
    python3 scripts/make_random_model.py models/random-large --architecture large-960h --dtype float16
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import wav2vec2_archive as archive  # noqa: E402

SEED = 20240611

ARCHITECTURES = {
    # facebook/wav2vec2-large-960h's layout, shrunk. Kernels and strides are the real ones.
    "tiny": archive.Architecture(conv_dim=(32,) * 7, hidden=64, layers=2, heads=4, intermediate=128,
                                 pos_conv_kernel=16, pos_conv_groups=4),
    # facebook/wav2vec2-large-960h's config.json
    "large-960h": archive.Architecture(conv_dim=(512,) * 7, hidden=1024, layers=24, heads=16, intermediate=4096,
                                       pos_conv_kernel=128, pos_conv_groups=16),
}


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("out_dir", nargs="?", type=Path, default=Path("target/random-model"))
    p.add_argument("--architecture", choices=list(ARCHITECTURES), default="tiny")
    p.add_argument("--dtype", choices=list(archive.DTYPES), default="float32",
                   help="weights and arithmetic inside the module (input and logits stay float32)")
    p.add_argument("--exact", action=argparse.BooleanOptionalAction, default=True,
                   help="exact batching: forward takes lengths (default on)")
    args = p.parse_args(argv)
    # the tiny model keeps its pure-Python draws, so its weights stay what they always were
    weights = archive.RandomWeights(SEED) if args.architecture == "tiny" else archive.NumpyRandomWeights(SEED)
    archive.write_model_directory(
        args.out_dir, weights, ARCHITECTURES[args.architecture], model_id=f"wav2vec2-spark/random-{args.architecture}",
        source=f"random weights (seed {SEED}) in the facebook/wav2vec2-large-960h layout"
               + (", shrunk" if args.architecture == "tiny" else ""),
        created_by="scripts/make_random_model.py", exact=args.exact, dtype=args.dtype)


if __name__ == "__main__":
    main()
