#!/usr/bin/env python3
"""Turn the trainer's weights.npz and config.json into the project's model directory.

The weights keep transformers' state_dict key names, so they are written into the same TorchScript
archive as every model of this project (wav2vec2_archive.py: DJL's libtorch loads it; no torch is
needed here), under the architecture that config.json describes. Every array in weights.npz must
be used: a key the architecture does not know is an error, not a silent drop.

Usage:
    python3 scripts/train/export_trained_model.py --trained /tmp/w2v-model --out data-samples/model
"""

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import wav2vec2_archive as archive  # noqa: E402

MODEL_ID = "wav2vec2-spark/synthetic-small"


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--trained", type=Path, required=True, help="folder with weights.npz and config.json")
    p.add_argument("--out", type=Path, required=True, help="model directory to write")
    p.add_argument("--model-id", default=MODEL_ID)
    args = p.parse_args(argv)
    config = json.loads((args.trained / "config.json").read_text(encoding="utf-8"))
    arch = archive.Architecture.from_transformers_config(config)
    with np.load(args.trained / "weights.npz") as data:
        weights = archive.NamedWeights({key: data[key] for key in data.files})
    try:
        archive.write_model_directory(
            args.out, weights, arch, model_id=args.model_id,
            source="trained from scratch on synthetic espeak-ng speech by scripts/train/train_small_model.py "
                   "(see data-samples/README.md)",
            created_by="scripts/train/export_trained_model.py", exact=True)
    except (KeyError, ValueError) as e:
        sys.exit(f"error: {args.trained / 'weights.npz'}: {e.args[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
