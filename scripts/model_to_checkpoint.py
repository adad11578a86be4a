#!/usr/bin/env python3
"""Write a project model directory back out as a Hugging Face checkpoint folder, without torch.

The weights inside model.pt keep transformers' state_dict names, so the folder this writes
(config.json, model.safetensors, vocab.json, preprocessor_config.json) loads with
``Wav2Vec2ForCTC.from_pretrained(folder)`` and ``Wav2Vec2Processor.from_pretrained(folder)``. That
is how transformers, the reference, runs the bundled model for parity checks, and how the export
tool's round trip is tested (export_wav2vec2.py on this folder must give back the same model.pt).

Usage: python3 scripts/model_to_checkpoint.py data-samples/model /tmp/synthetic-small-hf
"""

import json
import shutil
import struct
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import torch_zip  # noqa: E402


def write_safetensors(path, tensors):
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        data = tensors[name].astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    header["__metadata__"] = {"format": "pt"}
    encoded = json.dumps(header, separators=(",", ":")).encode("utf-8")
    encoded += b" " * (-len(encoded) % 8)  # safetensors aligns the data to 8 bytes
    path.write_bytes(struct.pack("<Q", len(encoded)) + encoded + b"".join(blobs))


def main(argv):
    if len(argv) != 3:
        sys.exit("usage: model_to_checkpoint.py MODEL_DIR OUT_DIR")
    model_dir, out = Path(argv[1]), Path(argv[2])
    out.mkdir(parents=True, exist_ok=True)
    write_safetensors(out / "model.safetensors", torch_zip.module_weights(model_dir / "model.pt"))
    for name in ("config.json", "vocab.json", "preprocessor_config.json"):
        shutil.copyfile(model_dir / name, out / name)
    # Wav2Vec2Processor.from_pretrained needs the tokenizer's settings next to its vocabulary.
    (out / "tokenizer_config.json").write_text(json.dumps({
        "tokenizer_class": "Wav2Vec2CTCTokenizer", "unk_token": "<unk>", "pad_token": "<pad>",
        "bos_token": "<s>", "eos_token": "</s>", "word_delimiter_token": "|", "do_lower_case": False,
        # As the Java decoder for a model directory without tokenizer files (transformers up to 4.44's
        # default); 4.45 and later default to False, which keeps " ' " and " ." apart.
        "clean_up_tokenization_spaces": True,
    }, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main(sys.argv)
