#!/usr/bin/env python3
"""Write a tiny, randomly initialised wav2vec2 CTC model directory, without torch.

A random model has the real architecture and vocabulary but recognises nothing: tests use it where
they need a second, different model (model checks, throughput), and the large-960h shape with
random weights is what the speed benchmarks need. The archive format is written by
wav2vec2_archive.py.

Usage: python3 scripts/make_random_model.py [output_dir]   (default: target/random-model)
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import wav2vec2_archive as archive  # noqa: E402

SEED = 20240611

# facebook/wav2vec2-large-960h's layout, shrunk. Kernels and strides are the real ones.
RANDOM_TINY = archive.Architecture(conv_dim=(32,) * 7, hidden=64, layers=2, heads=4, intermediate=128,
                                   pos_conv_kernel=16, pos_conv_groups=4)


def main(argv):
    out_dir = Path(argv[1] if len(argv) > 1 else "target/random-model")
    archive.write_model_directory(
        out_dir, archive.RandomWeights(SEED), RANDOM_TINY, model_id="wav2vec2-spark/random-tiny",
        source="random weights (seed %d) in the facebook/wav2vec2-large-960h layout, shrunk" % SEED,
        created_by="scripts/make_random_model.py")


if __name__ == "__main__":
    main(sys.argv)
