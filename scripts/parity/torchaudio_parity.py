#!/usr/bin/env python3
"""Golden outputs of the bundled model from torchaudio's own wav2vec2, an implementation
independent of this project's export and of transformers, for the Java tests.

torchaudio.models.wav2vec2_model is PyTorch's implementation of the architecture (group-norm
feature encoder, positional convolution, post-LN transformer). This script builds it from the
bundled model's config.json with torchaudio's own mapping of a transformers config
(import_huggingface._get_config), loads the weights read back out of model.pt (they keep
transformers' names, which torchaudio's modules share), and runs every sample utterance at batch
size 1 in float32 on CPU. Debian 12 ships torch and torchaudio (python3-torchaudio), so this runs on
the project's build machine as it is (transformers needs scripts/with-transformers.sh).

It writes a tar in the layout of transformers_parity.py's golden.tar, which TorchaudioGoldenTest
reads (src/test/resources/parity/torchaudio.tar):
  - <id>.features.f32: the model input (little-endian float32) for the first --features-per-split
    utterances of each split (default 1): audio decoded by the reference `flac` tool, normalised
    with Wav2Vec2FeatureExtractor's formula (torchaudio has no such extractor);
  - <id>.logits.f32: torchaudio's logits ([frames, 32]) for the first --logits-per-split utterances
    of each split (default 5; the defaults keep the tar near 0.8 MB);
  - texts.tsv: id and the greedy transcript of torchaudio's logits for every sample utterance,
    decoded as torchaudio's ASR tutorial does (argmax, unique_consecutive, drop the blank,
    "|" to a space, split into words), words joined by one space;
  - SOURCE.txt: the command, the torch, torchaudio and flac versions, the sha256 of model.pt.

--model and --utterances make the golden file of another model on a spread of the samples, as for
the random large-960h-shaped model of LargeArchitectureParityIT.

Usage (from the repository root, with Debian's interpreter, which has python3-torchaudio):
    /usr/bin/python3 scripts/parity/torchaudio_parity.py [--out src/test/resources/parity/torchaudio.tar]
    /usr/bin/python3 scripts/parity/torchaudio_parity.py --model target/random-large-960h --utterances 4 \
        --features-per-split 0 --out src/test/resources/parity/torchaudio-large-960h.tar
"""

import argparse
import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import torch
import torchaudio
from torchaudio.models import wav2vec2_model
from torchaudio.models.wav2vec2.utils.import_huggingface import _get_config

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(REPO_ROOT / "scripts"))
import torch_zip  # noqa: E402
from golden_files import load_samples, shown, spread, write_tar  # noqa: E402

MODEL = REPO_ROOT / "data-samples" / "model"
# torchaudio module -> prefix of the transformers state_dict names it takes (as import_huggingface)
SUBMODULES = {"feature_extractor": "wav2vec2.feature_extractor.",
              "encoder.feature_projection": "wav2vec2.feature_projection.",
              "encoder.transformer": "wav2vec2.encoder.",
              "aux": "lm_head."}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", type=Path, default=REPO_ROOT / "src/test/resources/parity/torchaudio.tar")
    p.add_argument("--model", type=Path, default=MODEL, help="model directory (default data-samples/model)")
    p.add_argument("--utterances", type=int, help="this many utterances spread over the samples (default all)")
    p.add_argument("--features-per-split", type=int, default=1)
    p.add_argument("--logits-per-split", type=int, default=5)
    p.add_argument("--flac", default="flac", help="path of the reference flac tool")
    args = p.parse_args()
    torch.set_num_threads(2)
    model = load_model(args.model)
    vocabulary = {i: token for token, i in json.loads((args.model / "vocab.json").read_text()).items()}
    utterances = load_samples(args.flac)
    if args.utterances:
        utterances = spread(utterances, args.utterances)
    files, texts, per_split = {}, [], {}
    for split, utt_id, audio in utterances:
        features = normalise(audio)
        with torch.no_grad():
            logits, _ = model(torch.from_numpy(features)[None])
        logits = logits[0].numpy().astype("<f4")
        texts.append(f"{utt_id}\t{greedy_decode(torch.from_numpy(logits), vocabulary)}\n")
        per_split[split] = per_split.get(split, 0) + 1
        if per_split[split] <= args.features_per_split:
            files[f"{utt_id}.features.f32"] = features.tobytes()
        if per_split[split] <= args.logits_per_split:
            files[f"{utt_id}.logits.f32"] = logits.tobytes()
    files["texts.tsv"] = "".join(texts).encode("utf-8")
    flac_version = subprocess.run([args.flac, "--version"], check=True, stdout=subprocess.PIPE, text=True).stdout
    model_sha256 = json.loads((args.model / "model.json").read_text())["sha256"]
    files["SOURCE.txt"] = (f"made by {' '.join(['scripts/parity/torchaudio_parity.py'] + sys.argv[1:])} from {shown(args.model)} with torch "
                           f"{torch.__version__}, torchaudio {torchaudio.__version__}, {flac_version.strip()}, "
                           f"on CPU in float32\nmodel_sha256: {model_sha256}\n").encode("utf-8")
    write_tar(files, args.out)
    print(f"wrote {len(texts)} transcripts and {len(files) - 2} arrays to {args.out}")


def load_model(folder):
    """torchaudio's Wav2Vec2Model with the bundled weights, every parameter loaded (strict)."""
    config = SimpleNamespace(**json.loads((folder / "config.json").read_text()))
    model = wav2vec2_model(**_get_config(config), aux_num_out=config.vocab_size)
    weights = {name: torch.from_numpy(np.array(value, dtype=np.float32))
               for name, value in torch_zip.module_weights(folder / "model.pt").items()}
    used = set()
    for module_name, prefix in SUBMODULES.items():
        state = {name[len(prefix):]: value for name, value in weights.items() if name.startswith(prefix)}
        model.get_submodule(module_name).load_state_dict(state, strict=True)
        used |= {prefix + name for name in state}
    # masked_spec_embed only serves training-time masking
    unused = set(weights) - used - {"wav2vec2.masked_spec_embed"}
    if unused:
        sys.exit(f"error: weights torchaudio's model has no place for: {sorted(unused)}")
    return model.eval()


def normalise(audio):
    """Wav2Vec2FeatureExtractor.zero_mean_unit_var_norm on one unpadded float32 utterance."""
    return ((audio - audio.mean()) / np.sqrt(audio.var() + 1e-7)).astype("<f4")


def greedy_decode(logits, vocabulary):
    """torchaudio's ASR tutorial GreedyCTCDecoder (its words joined by single spaces), with the
    960h vocabulary's <pad> as the blank."""
    blank = next(i for i, token in vocabulary.items() if token == "<pad>")
    indices = torch.unique_consecutive(torch.argmax(logits, dim=-1))
    tokens = [vocabulary[int(i)] for i in indices if int(i) != blank]
    return " ".join("".join(tokens).replace("|", " ").strip().split())


if __name__ == "__main__":
    main()
