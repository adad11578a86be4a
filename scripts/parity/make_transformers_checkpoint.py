#!/usr/bin/env python3
"""A tiny Wav2Vec2ForCTC saved by transformers itself, and its eager logits, for the export tool's test.

The export tool (scripts/export_wav2vec2.py) reads Hugging Face checkpoint folders without torch or
transformers. Its other tests feed it folders this project writes (model_to_checkpoint.py); this
fixture is one that transformers wrote: Wav2Vec2ForCTC(config).save_pretrained and
Wav2Vec2Processor.save_pretrained, so the weight names (weight-norm parametrizations), the
safetensors layout and the config and tokenizer files are transformers' own.

The model has large-960h's layout (group-norm feature encoder, post-LN transformer, no conv bias)
shrunk to hidden size 32, 2 layers and 32 channels in the feature encoder, with seeded random
weights (about 190 KB), and the bundled model's 32-token vocabulary. Writes:
  - src/test/resources/parity/transformers-checkpoint/: the folder save_pretrained wrote;
  - src/test/resources/parity/transformers-checkpoint.tar: eager float32 CPU logits at batch size 1
    for 4 sample utterances (their features are the Java side's own, checked elsewhere against
    Wav2Vec2FeatureExtractor), texts.tsv, and SOURCE.txt with the sha256 of the model.pt the export
    tool makes from the folder (run here, default options), which ExportFromTransformersIT expects.

Usage (from the repository root):
    sudo scripts/with-transformers.sh python3 scripts/parity/make_transformers_checkpoint.py
"""

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import torch
import transformers
from transformers import (Wav2Vec2Config, Wav2Vec2CTCTokenizer, Wav2Vec2FeatureExtractor, Wav2Vec2ForCTC,
                          Wav2Vec2Processor)

from golden_files import load_samples, spread, write_tar

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
SEED = 20261129
UTTERANCES = 4


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", type=Path, default=REPO_ROOT / "src/test/resources/parity/transformers-checkpoint")
    p.add_argument("--flac", default="flac", help="path of the reference flac tool")
    args = p.parse_args()
    torch.manual_seed(SEED)
    if args.out.exists():
        shutil.rmtree(args.out)
    model = Wav2Vec2ForCTC(tiny_config()).eval()
    model.save_pretrained(args.out)
    tokenizer = Wav2Vec2CTCTokenizer(str(REPO_ROOT / "data-samples/model/vocab.json"), unk_token="<unk>",
                                     pad_token="<pad>", word_delimiter_token="|")
    extractor = Wav2Vec2FeatureExtractor(feature_size=1, sampling_rate=16000, padding_value=0.0,
                                         do_normalize=True, return_attention_mask=False)
    processor = Wav2Vec2Processor(feature_extractor=extractor, tokenizer=tokenizer)
    processor.save_pretrained(args.out)

    files, texts = {}, []
    for _, utt_id, audio in spread(load_samples(args.flac), UTTERANCES):
        features = extractor(audio, sampling_rate=16000, return_tensors="pt").input_values
        with torch.no_grad():
            logits = model(features).logits[0].numpy().astype("<f4")
        files[f"{utt_id}.logits.f32"] = logits.tobytes()
        texts.append(f"{utt_id}\t{processor.batch_decode(logits.argmax(-1)[None])[0]}\n")
    files["texts.tsv"] = "".join(texts).encode("utf-8")
    files["SOURCE.txt"] = (f"made by scripts/parity/make_transformers_checkpoint.py (seed {SEED}) with torch "
                           f"{torch.__version__}, transformers {transformers.__version__}, on CPU in float32\n"
                           f"model_sha256: {exported_sha256(args.out)}\n").encode("utf-8")
    write_tar(files, args.out.with_suffix(".tar"))
    size = sum(f.stat().st_size for f in args.out.iterdir())
    print(f"wrote {args.out} ({size} bytes) and {args.out.with_suffix('.tar')}")


def tiny_config():
    return Wav2Vec2Config(vocab_size=32, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                          intermediate_size=64, conv_dim=(32,) * 7, feat_extract_norm="group",
                          do_stable_layer_norm=False, conv_bias=False, num_conv_pos_embeddings=16,
                          num_conv_pos_embedding_groups=4, hidden_dropout=0.0, attention_dropout=0.0,
                          activation_dropout=0.0, feat_proj_dropout=0.0, final_dropout=0.0, layerdrop=0.0,
                          pad_token_id=0)


def exported_sha256(checkpoint):
    """The sha256 of the model.pt export_wav2vec2.py writes from the folder with its defaults."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, str(REPO_ROOT / "scripts/export_wav2vec2.py"), "--model", str(checkpoint),
                        "--out", tmp + "/exported"], check=True)
        return json.loads(Path(tmp, "exported", "model.json").read_text())["sha256"]


if __name__ == "__main__":
    main()
